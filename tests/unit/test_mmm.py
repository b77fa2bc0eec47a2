"""Unit tests of socialroi.mmm: adstock by hand, the fit's invariants, recovery, outputs and every error."""

from __future__ import annotations

import copy
import json
import math
import pickle
import re
import warnings

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialroi.budget import (
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    allocate,
    allocate_to_target,
)
from socialroi.datasets import synthetic_mmm
from socialroi.exceptions import IdentifiabilityWarning, InvalidInputError
from socialroi.mmm import (
    Calibration,
    GeometricAdstock,
    MarketingMixFit,
    MarketingMixModel,
    NormalEquations,
    WeibullAdstock,
    _model,  # the design, to check the statistics against an independent pooled regression
    from_meridian,
    from_pymc_marketing,
    from_robyn,
)


def message(text: str) -> str:
    return re.escape(text)


@pytest.fixture(scope="module")
def data():
    return synthetic_mmm(weeks=104, channels=2, seed=1)


@pytest.fixture(scope="module")
def fit(data) -> MarketingMixFit:
    return MarketingMixModel().fit(data.spend, data.revenue)


# --- adstock ------------------------------------------------------------------------------------------


def test_saturation_by_hand():
    u = np.array([1.0, 4.0])
    assert _model._saturate("hill", np.array([1.0, 2.0]), u).tolist() == [0.5, 16.0 / 17.0]
    assert _model._saturate("exponential", np.array([2.0]), u) == pytest.approx(
        [-math.expm1(-0.5), -math.expm1(-2.0)]
    )
    assert _model._saturate("logistic", np.array([0.5]), u) == pytest.approx([math.tanh(1.0), math.tanh(4.0)])
    assert _model._saturate("power", np.array([0.5]), u).tolist() == [1.0, 2.0]
    assert _model._saturate("hill", np.array([1.0, 2.0]), np.array([0.0])).tolist() == [0.0]


class TestAdstock:
    def test_geometric_weights_by_hand(self):
        assert GeometricAdstock(decay=0.5, max_lag=2, normalize=False).weights.tolist() == [1.0, 0.5, 0.25]
        assert GeometricAdstock(decay=0.5, max_lag=2).weights.tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])
        assert GeometricAdstock(decay=0.0, max_lag=3).weights.tolist() == [1.0, 0.0, 0.0, 0.0]

    def test_geometric_transform_by_hand(self):
        adstock = GeometricAdstock(decay=0.5, max_lag=2, normalize=False)
        assert adstock.transform([100.0, 0.0, 0.0, 0.0]).tolist() == [100.0, 50.0, 25.0, 0.0]
        assert adstock.transform([10.0, 20.0]).tolist() == [10.0, 25.0]  # more lags than periods
        table = adstock.transform([[100.0, 0.0], [0.0, 8.0]])
        assert table.tolist() == [[100.0, 0.0], [50.0, 8.0]]
        assert adstock.total_weight == 1.75

    def test_weibull_weights_by_hand(self):
        weights = WeibullAdstock(shape=1.0, scale=1.0, max_lag=1, normalize=False).weights
        assert weights.tolist() == pytest.approx([1 - math.exp(-1), math.exp(-1) - math.exp(-2)])
        normalised = WeibullAdstock(shape=1.0, scale=1.0, max_lag=1).weights
        assert normalised.sum() == pytest.approx(1.0)
        assert int(WeibullAdstock(shape=3.0, scale=3.0).weights.argmax()) == 2  # delayed peak

    def test_weibull_with_shape_one_is_geometric(self):
        theta = math.exp(-1 / 2.0)
        weibull = WeibullAdstock(shape=1.0, scale=2.0, max_lag=6).weights
        geometric = GeometricAdstock(decay=theta, max_lag=6).weights
        assert weibull == pytest.approx(geometric, rel=1e-12)

    @given(
        st.lists(st.floats(0.0, 1e6), min_size=1, max_size=30),
        st.floats(0.0, 0.95),
        st.integers(0, 6),
    )
    def test_normalised_adstock_conserves_total_spend(self, spend, decay, max_lag):
        padded = np.array([*spend, *([0.0] * max_lag)])
        adstocked = GeometricAdstock(decay=decay, max_lag=max_lag).transform(padded)
        assert adstocked.sum() == pytest.approx(padded.sum(), rel=1e-9, abs=1e-6)

    def test_to_dict_is_json(self):
        assert json.dumps(WeibullAdstock(shape=2.0, scale=1.5).to_dict(), allow_nan=False)
        assert GeometricAdstock(decay=0.2, max_lag=3).to_dict()["decay"] == 0.2

    def test_errors(self):
        with pytest.raises(InvalidInputError, match=message("'decay' must be >= 0 and < 1 (got 1.0)")):
            GeometricAdstock(decay=1.0)
        with pytest.raises(InvalidInputError, match=message("'decay' must be between 0 and 1 (got -0.1)")):
            GeometricAdstock(decay=-0.1)
        with pytest.raises(
            InvalidInputError, match=message("'max_lag' must be a whole number from 0 to 104")
        ):
            GeometricAdstock(decay=0.1, max_lag=105)
        with pytest.raises(InvalidInputError, match=message("'shape' must be > 0 and finite (got 0.0)")):
            WeibullAdstock(shape=0.0, scale=1.0)
        with pytest.raises(
            InvalidInputError, match=message("'spend' must be a series of periods (got shape ())")
        ):
            GeometricAdstock(decay=0.1).transform(5.0)
        with pytest.raises(
            InvalidInputError, match=message("'spend' must be a series of periods (got shape (0,))")
        ):
            GeometricAdstock(decay=0.1).transform([])
        with pytest.raises(
            InvalidInputError, match=message("'spend' must be >= 0 and finite (got -1.0 at index 1)")
        ):
            GeometricAdstock(decay=0.1).transform([1.0, -1.0])


# --- the fit --------------------------------------------------------------------------------------------


class TestFit:
    def test_refit_is_bit_identical(self, data, fit):
        again = MarketingMixModel().fit(data.spend, data.revenue)
        for field in ("shapes", "effects", "roas", "roas_interval", "contributions", "fitted"):
            assert np.array_equal(getattr(again, field), getattr(fit, field)), field
        assert again.to_dict() == fit.to_dict()

    def test_contributions_and_baseline_add_up_to_the_fit(self, fit):
        assert np.allclose(fit.contributions.sum(axis=1) + fit.baseline, fit.fitted, rtol=1e-12)
        assert np.allclose(fit.contribution, fit.contributions.sum(axis=0), rtol=1e-12)
        assert np.allclose(fit.roas, fit.contribution / fit.spend.sum(axis=0), rtol=1e-12)
        assert fit.share.sum() + fit.baseline_share == pytest.approx(1.0)

    def test_roas_is_unchanged_when_revenue_and_spend_scale_together(self, data, fit):
        spend = {name: 4.0 * np.asarray(values) for name, values in data.spend.items()}
        scaled = MarketingMixModel().fit(spend, 4.0 * np.asarray(data.revenue))
        assert np.allclose(scaled.roas, fit.roas, rtol=1e-8)
        assert np.allclose(scaled.contribution, 4.0 * fit.contribution, rtol=1e-8)

    def test_recovers_the_true_roas_of_synthetic_data(self):
        truth = synthetic_mmm(weeks=156, channels=3, seed=0, noise=0.02)
        result = MarketingMixModel().fit(truth.spend, truth.revenue)
        true = np.array([truth.true_roas[name] for name in result.channels])
        assert np.abs(result.roas / true - 1.0).mean() < 0.25
        assert result.r_squared > 0.9

    def test_diagnostics_by_definition(self, data, fit):
        residual = np.asarray(data.revenue) - fit.fitted
        rss = float(residual @ residual)
        assert fit.durbin_watson == pytest.approx(float(np.sum(np.diff(residual) ** 2)) / rss)
        assert fit.autocorrelation == pytest.approx(float(residual[1:] @ residual[:-1]) / rss)
        y = np.asarray(data.revenue)
        assert fit.r_squared == pytest.approx(1.0 - rss / float(((y - y.mean()) ** 2).sum()))
        assert fit.nrmse == pytest.approx(math.sqrt(rss / y.size) / float(y.max() - y.min()))

    def test_sigma_counts_every_fitted_parameter(self, data, fit):
        residual = np.asarray(data.revenue) - fit.fitted
        # 4 baseline columns (intercept, trend, the Fourier pair chosen), 2 channels x (effect + 3 shapes).
        assert fit.baseline_columns == ("intercept", "trend", "sin1", "cos1")
        dof = 104 - 4 - 2 * (1 + 3)
        assert fit.sigma == pytest.approx(math.sqrt(float(residual @ residual) / dof))

    def test_the_pooled_decay_prior_by_hand(self, data):
        names = tuple(data.spend)
        x = np.column_stack([np.asarray(data.spend[n]) for n in names])
        y = np.asarray(data.revenue)
        model = MarketingMixModel()
        base_names, base = _model._baseline(model, 104, np.zeros((104, 0)))
        fitter = _model._Fitter(model, names, x, x, y, np.ones(104, bool), base_names, base, ())
        fitter.sigma2 = 2.0
        shapes = np.array([[0.3, 2.0, 0.5], [0.7, 1.0, 1.0]])
        shape_prior = (math.log(2.0) / 0.7) ** 2 + (math.log(0.5) / 0.3) ** 2
        assert fitter.penalty(shapes).tolist() == pytest.approx([2.0 * shape_prior, 0.0])
        fitter.centre = np.array([0.5, 1.0, 1.0])  # only the decay is pooled
        assert fitter.penalty(shapes).tolist() == pytest.approx(
            [2.0 * (shape_prior + (0.2 / 0.25) ** 2), 2.0 * (0.2 / 0.25) ** 2]
        )

    def test_intervals_hold_the_estimates(self, fit):
        for name in ("roas", "contribution", "marginal_roas"):
            estimate, interval = getattr(fit, name), getattr(fit, name + "_interval")
            assert (interval[:, 0] <= estimate).all()
            assert (estimate <= interval[:, 1]).all()
            assert (interval[:, 0] >= 0).all()

    def test_a_wider_interval_probability_widens_the_intervals(self, data, fit):
        wide = MarketingMixModel(interval=0.99).fit(data.spend, data.revenue)
        assert (
            (wide.roas_interval[:, 1] - wide.roas_interval[:, 0])
            > (fit.roas_interval[:, 1] - fit.roas_interval[:, 0])
        ).all()

    def test_bootstrap_intervals_are_seeded_and_bit_identical(self, data, fit):
        model = MarketingMixModel(intervals="bootstrap", resamples=30, seed=1)
        first, again = model.fit(data.spend, data.revenue), model.fit(data.spend, data.revenue)
        other = attrs.evolve(model, seed=2).fit(data.spend, data.revenue)
        for name in ("roas_interval", "contribution_interval", "marginal_roas_interval"):
            interval = getattr(first, name)
            assert np.array_equal(interval, getattr(again, name)), name
            assert not np.array_equal(interval, getattr(other, name)), name
            assert (interval[:, 0] >= 0).all()
            assert (interval[:, 0] < interval[:, 1]).all()
        # The point estimates are the fit's, whatever the intervals.
        assert np.array_equal(first.roas, fit.roas)
        assert "90 % block bootstrap intervals (30 resamples)" in repr(first).replace("90%", "90 %")
        assert first.to_dict()["model"]["intervals"] == "bootstrap"

    def test_the_bootstrap_block_defaults_to_the_cube_root_of_the_periods(self, data):
        # 104 periods: round(104 ** (1/3)) = round(4.70) = 5
        model = MarketingMixModel(intervals="bootstrap", resamples=10, seed=4)
        default = model.fit(data.spend, data.revenue)
        five = attrs.evolve(model, block=5).fit(data.spend, data.revenue)
        four = attrs.evolve(model, block=4).fit(data.spend, data.revenue)
        assert np.array_equal(default.roas_interval, five.roas_interval)
        assert not np.array_equal(default.roas_interval, four.roas_interval)

    def test_one_block_of_every_period_resamples_the_residuals_as_they_are(self, data):
        # Every resample is then the fit's own (scaled) residuals: all refits agree, the intervals are points.
        model = MarketingMixModel(intervals="bootstrap", resamples=3, seed=0, block=104)
        result = model.fit(data.spend, data.revenue)
        assert np.array_equal(result.roas_interval[:, 0], result.roas_interval[:, 1])

    def test_the_effects_solve_falls_back_to_lawson_hanson(self):
        # Singular: no unconstrained solve; Lawson-Hanson takes the first column and stops.
        assert _model._solve_effects(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([1.0, 1.0])).tolist() == [
            1.0,
            0.0,
        ]
        # The unconstrained solution (2, -1) is negative: β2 = 0, then β1 = 1.5 / 1.
        gram, target = np.array([[1.0, 0.5], [0.5, 1.0]]), np.array([1.5, 0.0])
        assert _model._solve_effects(gram, target).tolist() == pytest.approx([1.5, 0.0])

    @pytest.mark.parametrize("saturation", ["hill", "exponential", "logistic", "power"])
    def test_the_response_curves_are_the_models_steady_state(self, data, saturation):
        result = MarketingMixModel(saturation=saturation, adstock="weibull").fit(data.spend, data.revenue)
        curves = result.response_curves()
        kinds = {
            "hill": HillCurve,
            "exponential": ExponentialCurve,
            "logistic": LogisticCurve,
            "power": PowerCurve,
        }
        for c, name in enumerate(result.channels):
            curve = curves[name]
            assert isinstance(curve, kinds[saturation])
            # A constant spend for longer than the lag: every period's contribution is the curve's response.
            steady = {n: np.full(40, float(result.current_spend[i])) for i, n in enumerate(result.channels)}
            last = np.zeros(40)
            last[-1] = 1.0  # Dᵀy with y the last period's indicator is the design's last row
            stats = result.normal_equations(steady, last)
            level = stats.moment[stats.columns.index(name)]
            assert result.effects[c] * level == pytest.approx(
                curve.response(float(result.current_spend[c])), rel=1e-9
            )
            assert result.marginal_roas[c] == pytest.approx(
                curve.marginal(float(result.current_spend[c])), rel=1e-6
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # S-shaped Hill curves: allocate says so
            plan = allocate(float(result.current_spend.sum()), curves)
        assert math.fsum(plan.spend) == pytest.approx(float(result.current_spend.sum()))

    def test_controls_enter_the_baseline(self, data):
        promo = np.zeros(104)
        promo[::10] = 1.0
        revenue = np.asarray(data.revenue) + 50_000.0 * promo
        result = MarketingMixModel(trend=False, seasonality_period=None).fit(
            data.spend, revenue, controls={"promo": promo}
        )
        assert result.baseline_columns == ("intercept", "promo")
        assert result.baseline_coefficients[1] == pytest.approx(50_000.0, rel=0.2)

    def test_dropna_leaves_periods_out_and_says_how_many(self, data, fit):
        revenue = np.asarray(data.revenue).copy()
        revenue[[3, 50]] = np.nan
        result = MarketingMixModel().fit(data.spend, revenue, dropna=True)
        assert result.dropped == 2
        assert result.used.sum() == 102
        assert np.isfinite(result.fitted).all()
        assert "2 periods dropped (NaN revenue)" in repr(result)
        assert json.dumps(result.to_dict(), allow_nan=False)

    def test_calibration_pulls_the_channels_roas_over_its_window(self, data, fit):
        pinned = Calibration(channel="facebook", roas=1.0, standard_error=0.001)
        result = MarketingMixModel().fit(data.spend, data.revenue, calibration=[pinned])
        assert result.roas[0] == pytest.approx(1.0, abs=0.01)
        assert result.calibration == (pinned,)
        window = Calibration(channel="instagram", roas=0.5, standard_error=0.001, start=50, stop=80)
        windowed = MarketingMixModel().fit(data.spend, data.revenue, calibration=[window])
        ratio = windowed.contributions[50:80, 1].sum() / np.asarray(data.spend["instagram"])[50:80].sum()
        assert ratio == pytest.approx(0.5, abs=0.01)

    def test_a_channel_without_effect_gets_no_curve(self, data):
        revenue = np.asarray(data.revenue) - 0.5 * np.asarray(data.spend["instagram"])
        spend = {"facebook": data.spend["facebook"], "instagram": data.spend["instagram"]}
        result = MarketingMixModel(prior_roas=0.0, saturation="power").fit(
            spend, revenue - data.contributions["instagram"]
        )
        assert result.effects[1] == 0.0
        assert sorted(result.response_curves()) == ["facebook"]
        assert result.to_dict()["by_channel"]["instagram"]["curve"] is None

    def test_constant_zero_revenue_has_undefined_diagnostics(self, data):
        result = MarketingMixModel().fit(data.spend, np.zeros(104))
        assert math.isnan(result.r_squared)
        assert math.isnan(result.nrmse)
        assert math.isnan(result.durbin_watson)
        assert np.isnan(result.share).all()
        assert math.isnan(result.baseline_share)
        assert json.dumps(result.to_dict(), allow_nan=False)

    def test_calibration_to_dict(self):
        assert Calibration(channel="meta", roas=2.0, standard_error=0.5, stop=4).to_dict()["stop"] == 4

    def test_shape_names(self):
        assert MarketingMixModel(adstock="weibull", saturation="power").shape_names == (
            "shape",
            "scale",
            "exponent",
        )


class TestSeasonalityOrder:
    def test_auto_chooses_the_pairs_the_data_need(self, data):
        # synthetic_mmm's baseline has one yearly harmonic.
        assert MarketingMixModel().fit(data.spend, data.revenue).model.seasonality_order == 1
        weeks = np.arange(104)
        second = 0.05 * float(np.mean(data.revenue)) * np.cos(4 * np.pi * weeks / 52)
        fit = MarketingMixModel().fit(data.spend, np.asarray(data.revenue) + second)
        assert fit.model.seasonality_order == 2
        assert fit.baseline_columns == ("intercept", "trend", "sin1", "cos1", "sin2", "cos2")
        flat = np.asarray(data.revenue) - np.asarray(data.baseline) + float(np.mean(data.baseline))
        assert MarketingMixModel().fit(data.spend, flat).model.seasonality_order == 0

    def test_auto_is_the_fit_of_the_order_it_chose(self, data):
        auto = MarketingMixModel().fit(data.spend, data.revenue)
        assert auto == MarketingMixModel(seasonality_order=1).fit(data.spend, data.revenue)
        assert auto.to_dict()["model"]["seasonality_order"] == 1
        # The geo statistics use the order chosen.
        stats = auto.normal_equations(data.spend, data.revenue)
        assert stats.columns[:4] == ("intercept", "trend", "sin1", "cos1")

    def test_auto_keeps_to_orders_the_data_can_carry(self, data):
        # A period of 2 has no pair below the Nyquist frequency: a sine of it is 0 every period.
        assert (
            MarketingMixModel(seasonality_period=2).fit(data.spend, data.revenue).model.seasonality_order == 0
        )
        with pytest.raises(InvalidInputError, match="must not be collinear"):
            MarketingMixModel(seasonality_period=2, seasonality_order=1).fit(data.spend, data.revenue)
        # Without a period there is no seasonality to choose.
        fit = MarketingMixModel(seasonality_period=None).fit(data.spend, data.revenue)
        assert fit.baseline_columns == ("intercept", "trend")
        # 15 periods leave room for one pair at most (11 parameters without seasonality).
        short = {name: np.asarray(values)[:15] for name, values in data.spend.items()}
        assert MarketingMixModel().fit(short, np.asarray(data.revenue)[:15]).model.seasonality_order <= 1

    def test_a_bad_order_is_refused(self):
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'seasonality_order' must be 'auto' or a whole number from 0 to 26 (got 'aut'); did you mean 'auto'?"
            ),
        ):
            MarketingMixModel(seasonality_order="aut")  # type: ignore[arg-type]
        for bad in (27, -1, 1.5, True, None):
            with pytest.raises(
                InvalidInputError, match=message("'seasonality_order' must be 'auto' or a whole number")
            ):
                MarketingMixModel(seasonality_order=bad)  # type: ignore[arg-type]


class TestMedia:
    def test_a_constant_price_changes_nothing(self, data, fit):
        impressions = {name: 125.0 * np.asarray(values) for name, values in data.spend.items()}  # CPM 8
        priced = MarketingMixModel().fit(data.spend, data.revenue, media=impressions)
        assert priced.media_channels == fit.channels
        assert priced.media_per_spend.tolist() == pytest.approx([125.0, 125.0])
        np.testing.assert_allclose(priced.roas, fit.roas, rtol=1e-9)
        np.testing.assert_allclose(priced.marginal_roas, fit.marginal_roas, rtol=1e-9)
        np.testing.assert_allclose(priced.contributions, fit.contributions, rtol=1e-9, atol=1e-6)
        for name, curve in fit.response_curves().items():
            other = priced.response_curves()[name]
            assert attrs.astuple(other) == pytest.approx(attrs.astuple(curve), rel=1e-9)
        assert priced.spend_scale.tolist() == pytest.approx((125.0 * fit.spend_scale).tolist())

    def test_a_moving_price_is_told_from_a_change_of_effect(self):
        errors = {"media": [], "spend": []}
        for seed in range(3):
            data = synthetic_mmm(weeks=156, channels=3, noise=0.02, price_swing=0.6, seed=seed)
            truth = np.array([data.true_roas[name] for name in data.channels])
            for kind, media in (("media", data.impressions), ("spend", None)):
                result = MarketingMixModel().fit(data.spend, data.revenue, media=media)
                errors[kind] += (np.abs(result.roas - truth) / truth).tolist()
        # On impressions the ROAS is recovered; on spend the moving price reads as a moving effect.
        assert np.mean(errors["media"]) < 0.12
        assert np.mean(errors["media"]) < 0.7 * np.mean(errors["spend"])

    def test_media_for_some_channels_and_their_units(self, data):
        shown = 1000.0 / 8.0 * np.asarray(data.spend["facebook"])
        result = MarketingMixModel().fit(data.spend, data.revenue, media={"facebook": shown})
        assert result.media_channels == ("facebook",)
        assert result.media_per_spend.tolist() == pytest.approx([125.0, 1.0])
        assert result.media[:, 0].tolist() == shown.tolist()
        assert result.media[:, 1].tolist() == np.asarray(data.spend["instagram"]).tolist()
        assert result.to_dict()["by_channel"]["facebook"]["media_per_spend"] == pytest.approx(125.0)
        assert "; fitted on media: facebook (125" in repr(result)
        assert "fitted on media" in result._repr_html_()
        assert "fitted on media" not in repr(MarketingMixModel().fit(data.spend, data.revenue))
        # Per-region statistics take the same media.
        stats = result.normal_equations(data.spend, data.revenue, media={"facebook": shown})
        assert stats.solve()["facebook"] == pytest.approx(float(result.effects[0]), rel=0.05)
        with pytest.raises(
            InvalidInputError,
            match=message("'media' must be given for the fit's media channels ('facebook',) (got ())"),
        ):
            result.normal_equations(data.spend, data.revenue)

    def test_steady_media_is_not_identifiable(self, data):
        steady = {"facebook": np.full(104, 1000.0)}
        with pytest.warns(
            IdentifiabilityWarning, match="channel 'facebook' is not identifiable: its media barely varies"
        ):
            MarketingMixModel().fit(data.spend, data.revenue, media=steady)

    def test_bad_media_are_refused(self, data):
        model = MarketingMixModel()
        n = np.asarray(data.spend["facebook"])
        cases = {
            "'media' must be a mapping of channel to media per period, or None (got list)": [1.0],
            "'media' channel 'facebok' must be one of the spend's channels ('facebook', 'instagram'); did you mean 'facebook'?": {
                "facebok": n
            },
            "'media[facebook]' must be >= 0": {"facebook": -n - 1.0},
            "'media[facebook]' must be one number >= 0 (not NaN) per period, 104 in all (got shape (3,))": {
                "facebook": [1.0, 2.0, 3.0]
            },
            "'media[facebook]' must be one number >= 0 (not NaN) per period, 104 in all (got nan at index 0)": {
                "facebook": np.r_[np.nan, n[1:]]
            },
            "'media[facebook]' must be > 0 in at least one period (got only zeros)": {
                "facebook": np.zeros(104)
            },
        }
        for text_, media in cases.items():
            with pytest.raises(InvalidInputError, match=message(text_)):
                model.fit(data.spend, data.revenue, media=media)  # type: ignore[arg-type]


class TestIdentifiability:
    def test_steady_spend_is_flagged(self, data):
        spend = {"facebook": data.spend["facebook"], "flat": np.full(104, 1000.0)}
        with pytest.warns(
            IdentifiabilityWarning, match="'flat' is not identifiable: its spend barely varies"
        ):
            result = MarketingMixModel().fit(spend, data.revenue)
        assert len(result.warnings) == 1
        assert "warning: channel 'flat'" in repr(result)
        assert "warning: channel &#x27;flat&#x27;" in result._repr_html_()

    def test_spend_that_moves_with_the_trend_is_flagged(self, data):
        spend = {"facebook": data.spend["facebook"], "growing": 100.0 + 50.0 * np.arange(104.0)}
        with pytest.warns(
            IdentifiabilityWarning, match="'growing' is not identifiable: its spend moves with the baseline"
        ):
            MarketingMixModel().fit(spend, data.revenue)

    def test_collinear_channels_are_flagged(self, data):
        spend = {"facebook": data.spend["facebook"], "copy": 2.0 * np.asarray(data.spend["facebook"])}
        with pytest.warns(IdentifiabilityWarning, match="'facebook' and 'copy' are not identifiable apart"):
            MarketingMixModel().fit(spend, data.revenue)

    def test_a_single_varied_channel_is_not_flagged(self, data):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = MarketingMixModel().fit({"facebook": data.spend["facebook"]}, data.revenue)
        assert result.warnings == ()


class TestErrors:
    def test_spend(self, data):
        model = MarketingMixModel()
        with pytest.raises(
            InvalidInputError,
            match=message("'spend' must be a non-empty mapping of channel to spend per period (got list)"),
        ):
            model.fit([1.0], data.revenue)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=message("'spend' must be a non-empty mapping of channel to spend per period (got dict)"),
        ):
            model.fit({}, data.revenue)
        with pytest.raises(
            InvalidInputError, match=message("'spend[a]' must be >= 0 and finite (got -5.0 at index 1)")
        ):
            model.fit({"a": [1.0, -5.0]}, [1.0, 2.0])
        with pytest.raises(
            InvalidInputError, match=message("'spend[a]' must be >= 0 and finite (got nan at index 0)")
        ):
            model.fit({"a": [math.nan, 1.0]}, [1.0, 2.0])
        with pytest.raises(
            InvalidInputError,
            match=message("'spend[b]' must be one value per period like the other channels (got shape (3,))"),
        ):
            model.fit({"a": [1.0, 2.0], "b": [1.0, 2.0, 3.0]}, [1.0, 2.0])
        with pytest.raises(
            InvalidInputError,
            match=message("'spend[a]' must be one value per period like the other channels (got shape (0,))"),
        ):
            model.fit({"a": []}, [])
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'spend[a]' must be > 0 in at least one period (got only zeros); leave the channel out"
            ),
        ):
            model.fit({"a": [0.0, 0.0]}, [1.0, 2.0])
        with pytest.raises(InvalidInputError, match=message("'spend channel' must be a string (got 3)")):
            model.fit({3: [1.0]}, [1.0])  # type: ignore[dict-item]

    def test_revenue(self, data):
        model = MarketingMixModel()
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'revenue' must be one value per period, like 'spend' (got shape (3,), spend has 104 periods)"
            ),
        ):
            model.fit(data.spend, [1.0, 2.0, 3.0])
        revenue = np.asarray(data.revenue).copy()
        revenue[[7, 9]] = np.nan
        with pytest.raises(
            InvalidInputError,
            match=message("'revenue' must not be NaN (got nan at index 7, 2 periods); pass dropna=True"),
        ):
            model.fit(data.spend, revenue)
        with pytest.raises(InvalidInputError, match=message("'dropna' must be True or False (got 'yes')")):
            model.fit(data.spend, data.revenue, dropna="yes")  # type: ignore[arg-type]

    def test_too_few_periods(self, data):
        short = {name: np.asarray(values)[:15] for name, values in data.spend.items()}
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'revenue' must have more periods than the model has parameters (got 15 periods for 15: 6 baseline, 2 channels x 4, the noise)"
            ),
        ):
            MarketingMixModel(seasonality_order=2).fit(short, np.asarray(data.revenue)[:15])
        # With "auto" the count is that of the fewest pairs, none.
        with pytest.raises(InvalidInputError, match=message("(got 11 periods for 11: 2 baseline,")):
            MarketingMixModel().fit(
                {name: values[:11] for name, values in short.items()}, np.asarray(data.revenue)[:11]
            )

    def test_bootstrap_options(self, data):
        revenue = np.asarray(data.revenue).copy()
        revenue[:4] = np.nan
        with pytest.raises(
            InvalidInputError,
            match=message("'block' must be at most the number of periods fitted, 100 (got 101)"),
        ):
            MarketingMixModel(intervals="bootstrap", seed=0, block=101).fit(data.spend, revenue, dropna=True)
        with pytest.raises(
            InvalidInputError,
            match=r"^'resamples' = 1000000000 would need about 3\.\d TiB of memory, more than the 8\.0 GiB socialroi allows one call; lower 'resamples'$",
        ):
            MarketingMixModel(intervals="bootstrap", seed=0, resamples=10**9).fit(data.spend, data.revenue)

    def test_controls(self, data):
        model = MarketingMixModel()
        with pytest.raises(
            InvalidInputError,
            match=message("'controls' must be a mapping of name to values per period (got list)"),
        ):
            model.fit(data.spend, data.revenue, controls=[1.0])  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'controls[price]' must be one number (not NaN) per period, 104 in all (got shape (2,))"
            ),
        ):
            model.fit(data.spend, data.revenue, controls={"price": [1.0, 2.0]})
        with pytest.raises(
            InvalidInputError,
            match=message("the baseline columns ('intercept', 'trend', 'flat') must not be collinear"),
        ):
            model.fit(data.spend, data.revenue, controls={"flat": np.ones(104)})

    def test_calibration(self, data):
        model = MarketingMixModel()
        with pytest.raises(
            InvalidInputError,
            match=message(
                "calibration channel 'facebok' must be one of the fit's channels ('facebook', 'instagram'); did you mean 'facebook'?"
            ),
        ):
            model.fit(
                data.spend,
                data.revenue,
                calibration=[Calibration(channel="facebok", roas=1.0, standard_error=0.1)],
            )
        with pytest.raises(
            InvalidInputError,
            match=message(
                "calibration of 'facebook' must cover at least one period (got start=10, stop=10 of 104 periods)"
            ),
        ):
            model.fit(
                data.spend,
                data.revenue,
                calibration=[
                    Calibration(channel="facebook", roas=1.0, standard_error=0.1, start=10, stop=10)
                ],
            )
        dark = int(np.flatnonzero(np.asarray(data.spend["facebook"]) == 0)[0])
        with pytest.raises(
            InvalidInputError,
            match=message(
                f"calibration of 'facebook' must cover periods with spend (got none in {dark}:{dark + 1})"
            ),
        ):
            model.fit(
                data.spend,
                data.revenue,
                calibration=[
                    Calibration(channel="facebook", roas=1.0, standard_error=0.1, start=dark, stop=dark + 1)
                ],
            )
        with pytest.raises(
            InvalidInputError, match=message("'calibration[0]' must be a Calibration (got 'meta')")
        ):
            model.fit(data.spend, data.revenue, calibration=["meta"])  # type: ignore[list-item]
        with pytest.raises(
            InvalidInputError, match=message("'standard_error' must be > 0 and finite (got 0.0)")
        ):
            Calibration(channel="meta", roas=1.0, standard_error=0.0)
        with pytest.raises(InvalidInputError, match=message("'start' must be a whole number >= 0 (got -1)")):
            Calibration(channel="meta", roas=1.0, standard_error=1.0, start=-1)

    def test_model_options(self):
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'adstock' must be 'geometric' or 'weibull' (got 'geometrik'); did you mean 'geometric'?"
            ),
        ):
            MarketingMixModel(adstock="geometrik")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=message("'interval' must be > 0 and < 1 (got 1.0)")):
            MarketingMixModel(interval=1.0)
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'seed' must be a whole number >= 0 with intervals='bootstrap' (got None): bootstrap intervals must be reproducible"
            ),
        ):
            MarketingMixModel(intervals="bootstrap")
        with pytest.raises(
            InvalidInputError, match=message("'prior_roas_sd' must be > 0 and finite (got 0.0)")
        ):
            MarketingMixModel(prior_roas_sd=0.0)


# --- outputs ---------------------------------------------------------------------------------------------


class TestOutputs:
    def test_pickle_deepcopy_and_strict_json(self, fit):
        restored = pickle.loads(pickle.dumps(fit))  # noqa: S301 - our own object
        for clone in (restored, copy.deepcopy(fit)):
            assert np.array_equal(clone.roas, fit.roas)
            assert clone.to_dict() == fit.to_dict()
        text = json.dumps(fit.to_dict(), allow_nan=False)
        parsed = json.loads(text)
        assert parsed["by_channel"]["facebook"]["curve"]["kind"] == "HillCurve"
        assert parsed["summary"]["periods"] == 104

    def test_text_and_html(self, fit):
        text = repr(fit)
        assert text.startswith("MarketingMixFit: 2 channels, 104 periods; R² ")
        assert str(fit) == text
        assert "facebook" in text and "marginal ROAS" in text
        page = fit._repr_html_()
        assert page.startswith("<div><p><strong>MarketingMixFit</strong>") and "<table" in page

    def test_many_channels_are_cut_in_the_text(self):
        truth = synthetic_mmm(weeks=200, channels=13, seed=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IdentifiabilityWarning)
            result = MarketingMixModel(seasonality_order=1).fit(truth.spend, truth.revenue)
        assert "  ... and 1 more channels" in repr(result)
        assert result.channels[-1] in result._repr_html_()

    def test_contributions_by_channel_and_adstocks(self, fit):
        by_channel = fit.contributions_by_channel()
        assert np.array_equal(by_channel["instagram"], fit.contributions[:, 1])
        adstocks = fit.adstocks()
        assert adstocks["facebook"].decay == fit.shapes[0, 0]
        assert MarketingMixModel(adstock="weibull").shape_names[:2] == ("shape", "scale")

    def test_the_curves_go_to_allocate_to_target(self, fit):
        plan = allocate_to_target(fit.response_curves(), 1.0)
        assert set(plan.spend_by_channel()) == set(fit.channels)


# --- statistics for many regions ------------------------------------------------------------------------


class TestNormalEquations:
    def test_two_geos_add_up_to_the_pooled_least_squares(self, fit):
        geos = [synthetic_mmm(weeks=80, channels=("facebook", "instagram"), seed=s) for s in (11, 12)]
        pooled = fit.normal_equations(geos[0].spend, geos[0].revenue) + fit.normal_equations(
            geos[1].spend, geos[1].revenue
        )
        assert pooled.periods == 160
        # The pooled regression built independently: each geo's design stacked, then least squares.
        designs = []
        for g in geos:
            _, base = _model._baseline(fit.model, 80, np.zeros((80, 0)))
            feats = [
                _model._features(
                    np.asarray(g.spend[name]), float(fit.spend_scale[c]), fit.model, fit.shapes[c : c + 1]
                )[:, 0]
                for c, name in enumerate(fit.channels)
            ]
            designs.append(np.column_stack([base, *feats]))
        design = np.vstack(designs)
        revenue = np.concatenate([g.revenue for g in geos])
        assert np.allclose(pooled.gram, design.T @ design, rtol=1e-10)
        assert np.allclose(pooled.moment, design.T @ revenue, rtol=1e-10)
        assert pooled.total_squares == pytest.approx(float(revenue @ revenue), rel=1e-12)
        direct = np.linalg.lstsq(design, revenue, rcond=None)[0]
        assert (direct[-2:] > 0).all()  # the non-negativity does not bind, so NNLS is least squares
        assert list(pooled.solve().values()) == pytest.approx(direct.tolist(), rel=1e-6)

    def test_solve_by_hand(self):
        stats = NormalEquations(
            columns=("intercept", "meta"),
            channels=("meta",),
            gram=[[2.0, 1.0], [1.0, 1.0]],
            moment=[5.0, 3.0],
            total_squares=13.0,
            periods=2,
        )
        assert stats.solve() == {"intercept": 2.0, "meta": 1.0}
        negative = NormalEquations(
            columns=("intercept", "meta"),
            channels=("meta",),
            gram=[[2.0, 1.0], [1.0, 1.0]],
            moment=[4.0, 1.0],
            total_squares=8.0,
            periods=2,
        )
        assert negative.solve() == {
            "intercept": 2.0,
            "meta": 0.0,
        }  # the effect is held at 0, the intercept refit

    def test_errors(self, fit, data):
        stats = fit.normal_equations(data.spend, data.revenue)
        other = NormalEquations(
            columns=("intercept", "x"),
            channels=("x",),
            gram=np.eye(2),
            moment=[0.0, 0.0],
            total_squares=0.0,
            periods=1,
        )
        with pytest.raises(InvalidInputError, match="normal equations must have the same columns to add"):
            stats + other
        assert stats.__add__(3) is NotImplemented  # type: ignore[operator]
        with pytest.raises(
            InvalidInputError,
            match=message("'gram' must be of shape (2, 2), one entry per column (got shape (1, 1))"),
        ):
            NormalEquations(
                columns=("a", "b"),
                channels=("b",),
                gram=[[1.0]],
                moment=[0.0, 0.0],
                total_squares=0.0,
                periods=1,
            )
        with pytest.raises(
            InvalidInputError,
            match=message("'channels' must be the last of 'columns' (got ('a',) and ('a', 'b'))"),
        ):
            NormalEquations(
                columns=("a", "b"),
                channels=("a",),
                gram=np.eye(2),
                moment=[0.0, 0.0],
                total_squares=0.0,
                periods=1,
            )
        singular = NormalEquations(
            columns=("a", "b"),
            channels=("b",),
            gram=np.zeros((2, 2)),
            moment=[0.0, 0.0],
            total_squares=0.0,
            periods=0,
        )
        with pytest.raises(InvalidInputError, match=message("the baseline columns ('a',) are singular")):
            singular.solve()
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'spend' must have the fit's channels ('facebook', 'instagram') in order (got ('instagram',))"
            ),
        ):
            fit.normal_equations({"instagram": data.spend["instagram"]}, data.revenue)
        with pytest.raises(
            InvalidInputError,
            match=message("'revenue' must be one value per period, like 'spend' (got shape (1,))"),
        ):
            fit.normal_equations(data.spend, [1.0])
        with pytest.raises(InvalidInputError, match=message("'controls' must be the fit's controls")):
            fit.normal_equations(data.spend, data.revenue, controls={"promo": np.arange(104.0)})

    def test_nan_revenue_periods_are_left_out(self, fit, data):
        revenue = np.asarray(data.revenue).copy()
        revenue[0] = np.nan
        assert fit.normal_equations(data.spend, revenue).periods == 103


# --- adapters --------------------------------------------------------------------------------------------


class TestAdapters:
    def test_robyn_by_hand(self):
        curve = from_robyn(
            alpha=2.0, gamma=0.3, theta=0.6, coefficient=900.0, adstocked_spend=[10.0, 110.0, 60.0]
        )
        # inflexion = 0.7 * 10 + 0.3 * 110 = 40; a constant spend s has adstock s / 0.4.
        assert curve.half_saturation == pytest.approx(16.0)
        s = 30.0
        a = s / 0.4
        assert curve.response(s) == pytest.approx(900.0 * a**2 / (a**2 + 40.0**2))

    def test_meridian_by_hand(self):
        curve = from_meridian(ec=0.5, slope=2.0, coefficient=100.0, median=2_000.0, cost_per_unit=0.01)
        assert (curve.beta, curve.half_saturation, curve.slope) == (100.0, 10.0, 2.0)

    def test_pymc_marketing_by_hand(self):
        normalised = from_pymc_marketing(lam=3.0, beta=0.2, channel_max=500.0, target_max=1_000.0)
        assert normalised.response(100.0) == pytest.approx(200.0 * math.tanh(3.0 * 0.2 / 2.0))
        raw = from_pymc_marketing(
            lam=3.0, beta=0.2, channel_max=500.0, target_max=1_000.0, alpha=0.5, l_max=3, normalize=False
        )
        assert raw.lam == pytest.approx(3.0 * 1.75 / 500.0)

    def test_errors(self):
        with pytest.raises(InvalidInputError, match=message("'theta' must be >= 0 and < 1 (got 1.0)")):
            from_robyn(alpha=1.0, gamma=0.5, theta=1.0, coefficient=1.0, adstocked_spend=[1.0])
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'adstocked_spend' must be the channel's adstocked spend, not empty, all 0 or with NaN "
                "(got [0.0, 0.0])"
            ),
        ):
            from_robyn(alpha=1.0, gamma=0.5, theta=0.1, coefficient=1.0, adstocked_spend=[0.0, 0.0])
        with pytest.raises(
            InvalidInputError,
            match=message("the Robyn inflexion (1 - gamma) * min + gamma * max must be > 0 (got 0.0)"),
        ):
            from_robyn(alpha=1.0, gamma=0.0, theta=0.1, coefficient=1.0, adstocked_spend=[0.0, 5.0])
        with pytest.raises(InvalidInputError, match=message("'ec' must be > 0 and finite (got 0.0)")):
            from_meridian(ec=0.0, slope=1.0, coefficient=1.0, median=1.0)
        with pytest.raises(InvalidInputError, match=message("'l_max' must be a whole number >= 1 (got 0)")):
            from_pymc_marketing(lam=1.0, beta=1.0, channel_max=1.0, target_max=1.0, l_max=0)
