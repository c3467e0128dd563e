#!/usr/bin/env python3
"""Reference values for the options functions: Black-76 premiums and deltas from scipy.stats.norm
on a fixed grid (deep in/out of the money, short and long expiries, positive and negative rates).
Writes test/fixtures/options.json. Run: python3 scripts/reference/options.py (numpy 2.x, scipy 1.1x)."""
import itertools, json, math, pathlib
from scipy.stats import norm

def black76(F, K, T, s, r, typ):
    D = math.exp(-r * T)
    sd = s * math.sqrt(T)
    d1 = (math.log(F / K) + sd * sd / 2) / sd
    d2 = d1 - sd
    if typ == "call":
        return D * (F * norm.cdf(d1) - K * norm.cdf(d2)), D * norm.cdf(d1)
    return D * (K * norm.cdf(-d2) - F * norm.cdf(-d1)), -D * norm.cdf(-d1)

cases = []
for F, K, T, s, r, typ in itertools.product(
    [60000.0], [30000.0, 54000.0, 60000.0, 66000.0, 120000.0], [1 / 365, 30 / 365, 0.5, 2.0],
    [0.2, 0.6, 1.5], [-0.01, 0.0, 0.05], ["call", "put"]
):
    premium, delta = black76(F, K, T, s, r, typ)
    cases.append({"forward": F, "strike": K, "years": T, "volatility": s, "rate": r, "type": typ,
                  "premium": premium, "delta": delta})

out = pathlib.Path(__file__).resolve().parents[2] / "test" / "fixtures" / "options.json"
out.write_text(json.dumps({"generator": "scripts/reference/options.py (scipy.stats.norm)", "cases": cases}, indent=1) + "\n")
print(f"wrote {out} ({len(cases)} cases)")
