"""A fact written in words (a project's description) in Chinese: ``value_zh``, item for item;
without it a Chinese answer says the text is in English only, never shows it in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from critmin.errors import DataError
from critmin.facts.loading import load_facts
from critmin.facts.provenance import facts_of
from critmin.render.facts import fact_line
from tests.helpers.answer_checks import english_in_chinese
from tests.helpers.edits import edit

PROJECTS = ('      - "DFC: an African trading joint venture supplying 100,000 t of copper to the United States '
            '(abroad)"\n')


def projects(directory: Path | None = None):
    base = load_facts(directory)
    return next(f for f in facts_of(base, "copper").facts if f.key == "us.named_projects")


def test_without_a_chinese_text_a_chinese_answer_says_english_only():
    fact = projects()
    line = fact_line(fact, "zh")
    assert "仅有英文描述" in line and "3" in line
    assert english_in_chinese(line) == []
    assert "Reko Diq" in fact_line(fact, "en")


def test_a_chinese_text_is_shown_in_chinese(facts_copy):
    edit(facts_copy / "copper.yaml", PROJECTS, PROJECTS + '''    value_zh:
      - "三部曲金属公司阿拉斯加上科布克项目：铜锌勘探与开发"
      - "巴基斯坦雷科迪克项目：铜和金（海外）"
      - "美国国际开发金融公司：非洲贸易合资企业向美国供应铜（海外）"
''')
    fact = projects(facts_copy)
    line = fact_line(fact, "zh")
    assert "巴基斯坦雷科迪克项目" in line and "仅有英文描述" not in line
    assert "Reko Diq" in fact_line(fact, "en")


@pytest.mark.parametrize("value_zh, fragment", [
    ('    value_zh: ["只有一项"]\n', "expected 3 texts"),
    ("    value_zh: 3\n", "expected a list of texts in Chinese"),
])
def test_a_chinese_text_says_the_same_items(facts_copy, value_zh, fragment):
    edit(facts_copy / "copper.yaml", PROJECTS, PROJECTS + value_zh)
    with pytest.raises(DataError) as info:
        load_facts(facts_copy)
    assert fragment in str(info.value) and "value_zh" in str(info.value)


def test_only_a_fact_in_words_has_a_chinese_text(facts_copy):
    edit(facts_copy / "copper.yaml", "  consumption_t:\n    value: 2000000\n",
         '  consumption_t:\n    value: 2000000\n    value_zh: ["二百万"]\n')
    with pytest.raises(DataError) as info:
        load_facts(facts_copy)
    assert "only a fact written in words" in str(info.value)
