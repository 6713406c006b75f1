"""Which rows and columns of the USGS MCS 2025 data release feed which facts of which mineral.

One :class:`MineralSpec` per mineral. World figures come from ``MCS2025_World_Data.csv``,
selected by commodity *and* TYPE (several TYPE rows share a commodity: copper mine and
refinery output, palladium and platinum under "Platinum-Group metals"). US figures come from
the commodity's own ``mcs2025-<code>_salient.csv`` when USGS publishes one, otherwise from the
critical-minerals table ``MCS2025_T5_Critical_Minerals_Salient.csv``.

The T5 table has no unit column. Its figures are metric tons: where a mineral is in both
tables they agree once the salient file's unit is applied (gallium 19 = 19,000 kg, manganese
680,000 = 680 kt, cobalt 8,500 t), and the platinum and palladium rows match the world table's
US rows (2 and 8 t = 2,000 and 8,000 kg); ``tests/test_usgs.py`` checks this.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """Rows of the world table: one commodity, one TYPE."""

    commodity: str
    type: str


@dataclass(frozen=True)
class SalientSpec:
    """Columns of a per-commodity salient file (``None``: not imported). Units come from the
    column's suffix (``_t``, ``_kt``, ``_kg``); net import reliance is a percentage."""

    code: str
    production: str | None
    secondary: str | None
    consumption: str | None
    nir: str | None


@dataclass(frozen=True)
class T5Spec:
    """A row of the critical-minerals table, by its ``Critical_mineral`` name."""

    name: str


@dataclass(frozen=True)
class MineralSpec:
    id: str
    name: str
    name_zh: str
    symbol: str
    aliases: tuple[str, ...]
    shares: Row | None  # producer shares, and by default the world production total
    us: SalientSpec | T5Spec | None
    world_production: Row | None = None  # when the total is another row than the shares
    reserves: Row | None = None  # reserve shares and total; defaults to ``shares``
    reserves_total: bool = True
    no_reserves: bool = False
    note: str = ""

    @property
    def production_row(self) -> Row | None:
        return self.world_production or self.shares

    @property
    def reserves_row(self) -> Row | None:
        return None if self.no_reserves else (self.reserves or self.shares)


def _mine(commodity: str, content: str) -> Row:
    return Row(commodity, f"Mine production, {content}")


SPECS: tuple[MineralSpec, ...] = (
    MineralSpec(
        "aluminum", "Aluminum", "铝", "Al", ("al", "aluminium"),
        shares=Row("Bauxite", "Mine production, bauxite, dry tons"),
        world_production=Row("Aluminum", "Smelter production, aluminum"), reserves_total=False,
        us=SalientSpec("alumi", "USprod_Primary_kt", "USprod_Secondary-old_kt",
                       "Consump_Apprnt_kt", "NIR_pct"),
        note="Producer and reserve shares are bauxite; the world total is primary aluminum "
             "(smelter output). No aluminum-metal reserve total exists."),
    MineralSpec(
        "antimony", "Antimony", "锑", "Sb", ("sb", "antimony metal", "锑矿"),
        shares=_mine("Antimony", "antimony content"),
        us=SalientSpec("antim", "USprod_Mine_t", "USprod_Smelter-secondary_t", "Consump_t", "NIR_pct")),
    MineralSpec(
        "chromium", "Chromium", "铬", "Cr", ("cr", "chrome", "chromite", "铬矿"),
        shares=_mine("Chromium", "grosss weight, marketable chromite ore"), us=T5Spec("Chromium"),
        note="World figures are marketable chromite ore (gross weight); the T5 table does not state the "
             "basis of the US figures, so the two are not compared."),
    MineralSpec(
        "cobalt", "Cobalt", "钴", "Co", ("co",),
        shares=_mine("Cobalt", "cobalt content, estimated"),
        us=SalientSpec("cobal", "USprod_Mine_t", "USprod_Secondary_t", "Consump_Apparent_t", "NIR_pct")),
    MineralSpec(
        "copper", "Copper", "铜", "Cu", ("cu",),
        shares=_mine("Copper", "recoverable copper content"),
        us=SalientSpec("coppe", "USprod_Mine_kt", None, "Consump_Apparent_kt", "NIR_pct")),
    MineralSpec(
        "gallium", "Gallium", "镓", "Ga", ("ga", "gallium metal", "金属镓"),
        shares=Row("Gallium", "Primary production"),
        us=SalientSpec("galli", "USprod_Primary_kg", None, "Consump_kg", "NIR_pct"), no_reserves=True,
        note="Primary (low-purity) gallium is recovered while refining alumina and zinc, so the "
             "producer shares are a refining stage. USGS gives no gallium reserves."),
    MineralSpec(
        "germanium", "Germanium", "锗", "Ge", ("ge", "germanium metal", "金属锗"),
        shares=Row("Germanium", "Primary and secondary refinery production"),
        us=SalientSpec("germa", "USprod_Primary_kg", "USprod_Secondary_kg", None, "NIR_ct"),
        note="USGS leaves every 2024 germanium production cell blank, world total included, and "
             "reports US consumption only in a column labelled in grams (Consump_g, NA since "
             "2022), which is not imported."),
    MineralSpec(
        "graphite", "Graphite", "石墨", "C", ("natural graphite",),
        shares=Row("Graphite", "Mine production"),
        us=SalientSpec("graph", "USprod_t", None, "Consump_t", "NIR_pct")),
    MineralSpec(
        "lithium", "Lithium", "锂", "Li", ("li",),
        shares=_mine("Lithium", "lithium content"),
        us=SalientSpec("lithium", "USprod_t", None, "Consump_t", "NIR_pct")),
    MineralSpec(
        "manganese", "Manganese", "锰", "Mn", ("mn",),
        shares=_mine("Manganese", "manganese content"),
        us=SalientSpec("manga", "USprod_kt", None, "Consump_Apparent_kt", "NIR_pct")),
    MineralSpec(
        "molybdenum", "Molybdenum", "钼", "Mo", ("mo",),
        shares=_mine("Molybdenum", "molybdenum content"),
        us=SalientSpec("molyb", "USprod_t", None, "Consump_Apparent_t", "NIR_pct")),
    MineralSpec(
        "nickel", "Nickel", "镍", "Ni", ("ni",),
        shares=_mine("Nickel", "nickel content"),
        us=SalientSpec("nicke", "USprod_Mine_t", "USprod_Secondary_t", "Consump_Apparent_Total_t", "NIR_ct")),
    MineralSpec(
        "niobium", "Niobium", "铌", "Nb", ("nb", "columbium", "ferroniobium", "铌矿"),
        shares=_mine("Niobium", "niobium content"), us=T5Spec("Niobium")),
    MineralSpec(
        "palladium", "Palladium", "钯", "Pd", ("pd", "palladium metal", "钯金"),
        shares=_mine("Platinum-Group metals", "Palladium content"), us=T5Spec("Palladium"),
        no_reserves=True,
        note="USGS gives reserves for the platinum-group metals together (in the palladium rows), "
             "so no palladium reserve figure is recorded."),
    MineralSpec(
        "platinum", "Platinum", "铂", "Pt", ("pt", "platinum metal", "铂金"),
        shares=_mine("Platinum-Group metals", "Platinum content"), us=T5Spec("Platinum"),
        no_reserves=True,
        note="USGS gives reserves for the platinum-group metals together, not for platinum alone."),
    MineralSpec(
        "rare_earths", "Rare earths", "稀土", "REE", ("ree", "rare earth"),
        shares=_mine("Rare earths", "rare-earth-oxide equivalent"),
        us=SalientSpec("rareee", "USprod_Compounds-Metals_t", None, "Consump_Compounds-Metals_t",
                       "NIR_Compounds-Metals_t")),
    MineralSpec(
        "silver", "Silver", "银", "Ag", ("ag",),
        shares=_mine("Silver", "silver content"),
        us=SalientSpec("silve", "USprod_Mine_t", "USprod_Refinery_Secondary_t", "Consump_t", "NIR_pct")),
    MineralSpec(
        "tin", "Tin", "锡", "Sn", ("sn", "tin metal", "refined tin", "锡矿"),
        shares=_mine("Tin", "tin content"), us=T5Spec("Tin")),
    MineralSpec(
        "titanium", "Titanium", "钛", "Ti", ("ti", "titanium sponge", "titanium metal", "海绵钛"),
        shares=Row("Titanium & titanium dioxide", "Sponge Metal Production"),
        us=T5Spec("Titanium (metal)"), no_reserves=True,
        note="Titanium sponge metal, a processing stage; the world total excludes US production "
             "(withheld). Reserves are given for titanium mineral concentrates only."),
    MineralSpec(
        "tungsten", "Tungsten", "钨", "W", ("w", "wolfram", "钨矿"),
        shares=_mine("Tungsten", "tungsten content"),
        us=SalientSpec("tungs", "USprod_Mine_t", "USprod_Secondary_t", "Consump_Apparent_t", "NIR_ct")),
    MineralSpec(
        "vanadium", "Vanadium", "钒", "V", ("v", "ferrovanadium", "钒矿"),
        shares=_mine("Vanadium", "vanadium content"), us=T5Spec("Vanadium")),
    MineralSpec(
        "zinc", "Zinc", "锌", "Zn", ("zn",),
        shares=_mine("Zinc", "zinc content"),
        us=SalientSpec("zinc", "USprod_Ores_kt", None, "Consump_Refined_kt", "NIR_Refined_pct")),
)
SPEC_BY_ID: dict[str, MineralSpec] = {spec.id: spec for spec in SPECS}

# USGS country spellings → the keys of facts/countries.yaml.
COUNTRY_NAMES: dict[str, str] = {
    "Congo (Kinshasa)": "DR Congo",
    "Korea, Republic of": "South Korea",
    "Korea, North": "North Korea",
}
# USGS commodity spellings (after stripping spaces) → the names used above.
COMMODITY_NAMES: dict[str, str] = {"Gemanium": "Germanium"}
