#!/usr/bin/env python3
"""Reference values for AltHedge's statistics, from numpy/scipy on generated data and from mpmath at
50 significant digits on data with a 1e9 offset (where a naive sum of squares collapses).

Generator: numpy.random.default_rng(20261125). Writes test/fixtures/statistics.json.
Run: python3 scripts/reference/statistics.py   (numpy 2.x, scipy 1.1x, mpmath 1.3)"""
import json, math, pathlib
import numpy as np
from scipy import stats
import mpmath as mp

mp.mp.dps = 50
rng = np.random.default_rng(20261125)

# --- returns of a hedge (BTC-like) and of an altcoin basket with beta ~1.3 -------------------------
n = 400
hedge = rng.standard_t(5, n) * 0.025
spot = 1.3 * hedge + rng.standard_normal(n) * 0.02 + 0.0004
# three proxies for a blended hedge
proxies = np.column_stack([hedge, 0.6 * hedge + rng.standard_normal(n) * 0.02, rng.standard_normal(n) * 0.03])
target = 0.9 * proxies[:, 0] + 0.4 * proxies[:, 1] - 0.2 * proxies[:, 2] + rng.standard_normal(n) * 0.01
# value changes of an item and of its hedge (a good, not perfect, hedge)
item_changes = rng.standard_normal(60) * 10000
hedge_changes = -0.95 * item_changes + rng.standard_normal(60) * 1500
# portfolio values for drawdowns
values = 1e6 * np.cumprod(1 + spot)
hedged_values = 1e6 * np.cumprod(1 + spot - 1.3 * hedge)

def ewma_weights(count, lam):
    return lam ** np.arange(count - 1, -1, -1)

def percentile_inc(x, p):
    return float(np.percentile(x, p * 100, method="linear"))

def modified_z(x, c):
    z = stats.norm.ppf(c)
    S = stats.skew(x, bias=False)       # = Excel SKEW
    K = stats.kurtosis(x, bias=False)   # = Excel KURT (excess)
    return z - (z * z - 1) * S / 6 + (z ** 3 - 3 * z) * K / 24 - (2 * z ** 3 - 5 * z) * S * S / 36

lam = 0.94
w = ewma_weights(n, lam)
ref = {
    "generator": "scripts/reference/statistics.py (numpy.random.default_rng(20261125); numpy, scipy, mpmath 50 digits)",
    "spot": spot.tolist(), "hedge": hedge.tolist(),
    "target": target.tolist(), "proxies": proxies.tolist(),
    "item_changes": item_changes.tolist(), "hedge_changes": hedge_changes.tolist(),
    "values": values.tolist(), "hedged_values": hedged_values.tolist(),
    "mv_ols": float(np.cov(spot, hedge)[0, 1] / np.var(hedge, ddof=1)),
    "mv_slope_scipy": float(stats.linregress(hedge, spot).slope),
    "mv_ewma": float(np.sum(w * spot * hedge) / np.sum(w * hedge * hedge)),
    "proxy_lstsq": np.linalg.lstsq(np.column_stack([np.ones(n), proxies]), target, rcond=None)[0][1:].tolist(),
    "ewmavol": float(math.sqrt(365 * np.sum(w * (1 - lam) / (1 - lam ** n) * spot * spot))),
    "var_hist_99": -percentile_inc(spot, 0.01),
    "var_hist_95_10d_1m": -percentile_inc(spot, 0.05) * math.sqrt(10) * 1e6,
    "var_param_99": float(stats.norm.ppf(0.99) * np.std(spot, ddof=1) - np.mean(spot)),
    "var_cf_99": float(modified_z(spot, 0.99) * np.std(spot, ddof=1) - np.mean(spot)),
    "skew": float(stats.skew(spot, bias=False)), "kurt": float(stats.kurtosis(spot, bias=False)),
    "es_hist_975": float(-np.mean(spot[spot <= percentile_inc(spot, 0.025)])),
    "es_param_975": float(np.std(spot, ddof=1) * stats.norm.pdf(stats.norm.ppf(0.975)) / 0.025 - np.mean(spot)),
    "tracking_error": float(np.std(spot - 1.3 * hedge, ddof=1) * math.sqrt(365)),
    "eff_variance": float(1 - np.var(item_changes + hedge_changes, ddof=1) / np.var(item_changes, ddof=1)),
    "eff_dollaroffset": float(-hedge_changes.sum() / item_changes.sum()),
    "eff_r2": float(np.corrcoef(item_changes, hedge_changes)[0, 1] ** 2),
    "eff_slope": float(np.polyfit(item_changes, hedge_changes, 1)[0]),
    "rolling_window": 30,
    "rolling_correl": [float(np.corrcoef(spot[k:k + 30], hedge[k:k + 30])[0, 1]) for k in range(n - 29)],
    "rolling_beta": [float(np.cov(spot[k:k + 30], hedge[k:k + 30])[0, 1] / np.var(hedge[k:k + 30], ddof=1)) for k in range(n - 29)],
    "mdd": float(np.max(1 - values / np.maximum.accumulate(values))),
    "mdd_hedged": float(np.max(1 - hedged_values / np.maximum.accumulate(hedged_values))),
}

# --- 1e9 offset: price levels that move by a few units, mpmath at 50 digits -----------------------
m = 2000
hedge_levels = 1e9 + np.cumsum(rng.standard_normal(m))
item_levels = 1e9 + 1.3 * (hedge_levels - 1e9) + rng.standard_normal(m) * 0.5

def mpf_list(a):
    return [mp.mpf(float(v)) for v in a]  # exact: every float64 is a finite binary fraction

def mp_comoments(x, y):
    k = len(x)
    mx = mp.fsum(x) / k
    my = mp.fsum(y) / k
    sxy = mp.fsum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = mp.fsum((a - mx) ** 2 for a in x)
    syy = mp.fsum((b - my) ** 2 for b in y)
    return sxx, syy, sxy

X = mpf_list(hedge_levels)
Y = mpf_list(item_levels)
sxx, syy, sxy = mp_comoments(X, Y)
windows = [0, 500, 1234, m - 100]
offset = {
    "item_levels": item_levels.tolist(), "hedge_levels": hedge_levels.tolist(), "window": 100,
    "slope": float(sxy / sxx),
    "correl": float(sxy / mp.sqrt(sxx * syy)),
    "windows": [],
    "tracking_sd": None,
}
for k in windows:
    a, b, c = mp_comoments(X[k:k + 100], Y[k:k + 100])
    offset["windows"].append({"start": k, "correl": float(c / mp.sqrt(a * b)), "beta": float(c / a)})
diff = [y - 1.3 * x for x, y in zip(X, Y)]
md = mp.fsum(diff) / m
offset["tracking_sd"] = float(mp.sqrt(mp.fsum((d - md) ** 2 for d in diff) / (m - 1)))
# variance reduction with item values around 1e9 (a hedge leg that offsets most of the moves)
item_v = X
hedge_v = [-(x - mp.mpf(10) ** 9) * mp.mpf("0.9") for x in X]
hedge_v_float = [float(v) for v in hedge_v]
hv = mpf_list(hedge_v_float)
summed = [a + b for a, b in zip(item_v, hv)]
ms = mp.fsum(summed) / m
mi = mp.fsum(item_v) / m
offset["hedge_values_for_variance"] = hedge_v_float
offset["variance_reduction"] = float(1 - mp.fsum((s - ms) ** 2 for s in summed) / mp.fsum((v - mi) ** 2 for v in item_v))
ref["offset"] = offset

out = pathlib.Path(__file__).resolve().parents[2] / "test" / "fixtures" / "statistics.json"
out.write_text(json.dumps(ref) + "\n")
print(f"wrote {out}")
