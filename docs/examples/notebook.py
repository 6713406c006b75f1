# %% [markdown]
# # critmin in a notebook
#
# Cells in the percent format (`# %%`): open this file in Jupyter (with jupytext), VS Code or
# Spyder and run it cell by cell, or run it whole with `python docs/examples/notebook.py`.
# The last value of a cell shows as a table in Jupyter (`_repr_html_`) and as one line in a
# console.

# %%
import pandas as pd

import critmin
from critmin.render import text  # any explanation or diff in words, English or Chinese

results = critmin.assess()
print(repr(results))
print(results["Ni"], results["镍"] is results["nickel"], "rare earths" in results)

# %% [markdown]
# ## The ranking as a DataFrame
# `tier` is an ordered categorical, so it sorts and compares by rank; `levers`, `partners` and
# `signals` hold tuples.

# %%
frame = results.to_frame()
by_tier = frame.groupby("tier", observed=False)["score"].agg(["count", "mean"]).round(1)
print(by_tier)
high = frame[frame["tier"] >= "high"]
print(sorted(high.index))
levers = frame["levers"].explode().value_counts()
print(levers.head(3))

# %% [markdown]
# ## Why, why not, what it would take

# %%
derivation = results.why("nickel")
print([r.rule for r in derivation.concluded_by])
print(text(results.why_not("graphite", "very_high")).splitlines()[0])
print(text(derivation, "zh").splitlines()[0])
takes = results.what_would_it_take("cobalt", "high")
print([(change.key, change.needed) for change in takes.changes][:2])
side_by_side = pd.DataFrame(results.compare("nickel", "cobalt").to_dict()["indicators"]).set_index("name")
print(side_by_side.loc[["shortfall_2035", "top1_share"]].astype(float).round(3))

# %% [markdown]
# ## What if: overrides as a mapping, many scenarios at once

# %%
moved = critmin.assess(overrides={"params.severe_shortfall_min": 0.99})
changed = {m: (results[m].tier, moved[m].tier) for m in results if results[m].tier != moved[m].tier}
print(changed)
facts, rules = critmin.load()
scenarios = critmin.evaluate_scenarios(facts, rules, [{}, {"params.severe_shortfall_min": 0.99}])
table: pd.DataFrame = scenarios.pivot(index="mineral", columns="scenario", values="tier")
print(table.loc[["nickel", "cobalt"]])
