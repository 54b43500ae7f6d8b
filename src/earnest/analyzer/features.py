"""What the statistical model sees of one sentence: its lemmas, the cues in it, and who acts."""

from __future__ import annotations

from collections.abc import Sequence

# Cues that change what the other cues mean rather than name a kind themselves.
MODIFIERS = ("negation", "conditional", "hypothetical", "done", "question")


def sentence_features(
    lemmas: Sequence[str],
    hits: Sequence[tuple[str, int, int]],
    *,
    actor: str,
    has_date: bool,
    has_money: bool,
) -> list[str]:
    """Feature names for a sentence; `hits` are (cue, start, end) with offsets inside `lemmas`."""
    words = [w for w in lemmas if w.isalpha() or w in ("not", "?", "$")]
    features = {f"w={w}" for w in words}
    features.update(f"b={a}_{b}" for a, b in zip(words, words[1:], strict=False))
    negations = [start for cue, start, _ in hits if cue == "negation"]
    present = {cue for cue, _, _ in hits}
    for cue, start, _ in hits:
        features.add(f"c={cue}")
        if cue in MODIFIERS:
            continue
        if any(0 <= start - n <= 4 for n in negations):
            features.add(f"neg>{cue}")
        for modifier in ("conditional", "hypothetical", "done"):
            if modifier in present:
                features.add(f"{modifier}&{cue}")
    features.add(f"actor={actor}")
    if has_date:
        features.add("date")
    if has_money:
        features.add("money")
    if lemmas and lemmas[-1] == "?":
        features.add("q")
    return sorted(features)
