"""`overclaim score FILE|-`: flagged sentences highlighted in the terminal, or the HTTP contract's JSON."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from classifier.api import DocumentResult, load_model, score_text
from cli.paths import model_dir
from server import serialize

BOLD, YELLOW, RED, DIM, RESET = "\033[1m", "\033[43m\033[30m", "\033[1;31m", "\033[2m", "\033[0m"


def add(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="text file to score, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the HTTP contract's JSON instead of highlights")
    p.add_argument("--threshold", type=float, default=None, help="override the model's threshold (0-1)")
    p.add_argument("--offset-encoding", choices=("codepoint", "utf16"), default="codepoint")
    p.add_argument("--all-sentences", action="store_true", help="with --json, include every sentence's score")
    p.set_defaults(run=run)


def highlight(text: str, result: DocumentResult, color: bool) -> str:
    """The text with flagged sentences marked and their cues emphasised, then a why per match."""
    on, cue_on, off = (YELLOW, RED, RESET) if color else ("[[", "**", "]]")
    out, position = [], 0
    for match in result.matches:
        out.append(text[position : match.start])
        inner, at = [], match.start
        for cue in match.cues:
            inner += [text[at : cue.start], cue_on, text[cue.start : cue.end], (RESET + on) if color else "**"]
            at = cue.end
        inner.append(text[at : match.end])
        out += [on, *inner, off]
        position = match.end
    out.append(text[position:])
    notes = [
        f"{DIM if color else ''}[{i}] {m.score:.2f} {', '.join(m.categories)}: {m.message}"
        + (f" Try: {m.suggestion!r}." if m.suggestion else "") + (RESET if color else "")
        for i, m in enumerate(result.matches, start=1)
    ]
    summary = f"{result.flagged} of {result.sentences} sentences flagged; document {result.label} ({result.score:.2f})"
    return "".join(out).rstrip() + "\n\n" + "\n".join([*notes, summary]) + "\n"


def run(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    model = load_model(model_dir())
    result = score_text(model, text, args.threshold, args.all_sentences)
    if args.json:
        payload = {"model": serialize.model_summary(model.card, args.threshold)}
        payload.update(serialize.scored(text, result, args.offset_encoding, model.lexicon.messages, args.all_sentences))
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(highlight(text, result, color=sys.stdout.isatty()))
    return 0
