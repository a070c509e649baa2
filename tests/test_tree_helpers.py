"""The parse-tree helpers of Sentence (service/nlp/records.py) on hand-built parses."""

from __future__ import annotations

from service.nlp.records import Sentence
from tests.parsed import sentence

TEXT = "Officials said on Monday that the talks in Paris would resume and end."
ROWS = """
Officials official NOUN 2 nsubj
said say VERB 0 root
on on ADP 4 case
Monday Monday PROPN 2 obl
that that SCONJ 11 mark
the the DET 7 det
talks talk NOUN 11 nsubj
in in ADP 9 case
Paris Paris PROPN 7 nmod
would would AUX 11 aux
resume resume VERB 2 ccomp
and and CCONJ 13 cc
end end VERB 11 conj
. . PUNCT 2 punct
"""


def parse() -> Sentence:
    return sentence(ROWS, TEXT)


def texts(words) -> list[str]:
    return [w.text for w in words]


def test_dependents_all_and_by_relation():
    sent = parse()
    said, resume = sent.words[1], sent.words[10]
    assert texts(sent.dependents(said)) == ["Officials", "Monday", "resume", "."]
    assert texts(sent.dependents(1)) == texts(sent.dependents(said))  # an index works too
    assert texts(sent.dependents(said, "ccomp")) == ["resume"]
    assert texts(sent.dependents(resume, ("mark", "aux", "conj"))) == ["that", "would", "end"]
    assert sent.dependents(sent.words[0]) == []


def test_a_relation_given_as_a_string_is_not_its_letters():
    sent = parse()
    # "obl" as a collection of letters would hold "o", "b", "l"; as a string it is one relation.
    assert texts(sent.dependents(sent.words[1], "obl")) == ["Monday"]
    assert sent.dependents(sent.words[1], "o") == []


def test_dependent_and_dependent_lemmas():
    sent = parse()
    said = sent.words[1]
    assert sent.dependent(said, "nsubj").text == "Officials"
    assert sent.dependent(said, ("obj", "iobj")) is None
    assert sent.dependent_lemmas(sent.words[8], "case") == ["in"]
    assert sent.dependent_lemmas(sent.words[3], ("case", "det")) == ["on"]


def test_head_of():
    sent = parse()
    assert sent.head_of(sent.words[8]).text == "talks"
    assert sent.head_of(sent.words[1]) is None


def test_ancestors_nearest_first_with_a_limit():
    sent = parse()
    paris = sent.words[8]
    assert texts(sent.ancestors(paris)) == ["talks", "resume", "said"]
    assert texts(sent.ancestors(paris, limit=2)) == ["talks", "resume"]
    assert texts(sent.ancestors(paris, limit=0)) == []
    assert list(sent.ancestors(sent.words[1])) == []


def test_ancestors_is_lazy():
    sent = parse()
    climb = sent.ancestors(sent.words[8])
    assert next(climb).text == "talks"
    assert next(climb).text == "resume"


def test_climb_while_relation():
    sent = parse()
    end = sent.words[12]
    assert sent.climb(end, ("conj",)).text == "resume"
    assert sent.climb(end, ("conj", "ccomp")).text == "said"
    assert sent.climb(end, ("conj", "ccomp"), limit=1).text == "resume"
    assert sent.climb(end, ("nsubj",)).text == "end"  # not attached by one of them: itself
    assert sent.climb(sent.words[1], ("root",)).text == "said"  # a root stays


def test_helpers_agree_with_the_index_arithmetic_they_replace():
    sent = parse()
    for word in sent.words:
        assert [w.index for w in sent.dependents(word)] == sent.children[word.index]
        up, current = [], word
        while current.head >= 0:
            current = sent.words[current.head]
            up.append(current.index)
        assert [w.index for w in sent.ancestors(word)] == up
        assert all(sent.in_subtree(word.index, a.index) for a in sent.ancestors(word))
