"""The web page's words: the phrase catalogue's ``web.*`` entries it shows (headings, buttons, hints).

The page (``static/``) asks ``GET /api/meta?lang=`` for them by their last part
(``web.tab_ranking`` → ``tab_ranking``) and fills their ``{name}`` placeholders itself; the
labels of tiers, levers and indicators come with them from their own catalogue groups.
"""

from __future__ import annotations

PAGE_PHRASES = (
    "web.title", "web.tab_ranking", "web.tab_matrix", "web.tab_whatif", "web.tab_ask", "web.col_mineral",
    "web.col_tier", "web.col_score", "web.col_report", "web.col_basis", "web.col_levers", "web.col_partners",
    "web.col_stability", "web.basis_report", "web.basis_model", "web.stability_button", "web.stability_note",
    "web.ranking_hint", "web.back", "web.derivation", "web.why_not_label", "web.takes_label",
    "web.explain_button", "web.search_button", "web.searching", "web.matrix_x", "web.matrix_y",
    "web.matrix_report", "web.matrix_model", "web.matrix_not_placed", "web.no_producer_data",
    "web.whatif_intro", "web.whatif_inputs_of", "web.whatif_params", "web.whatif_scenario", "web.whatif_none",
    "web.whatif_reset", "web.whatif_assumptions", "web.whatif_baseline", "web.whatif_unchanged",
    "web.whatif_details", "web.levers_added", "web.levers_removed", "web.range",
    "web.ask_placeholder", "web.ask_button", "web.loading", "web.error", "web.token_prompt", "web.footer",
)
