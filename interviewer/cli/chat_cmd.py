"""`interviewer chat`: a live interview in the terminal.

Questions appear one at a time; each answer is one line. The interview's
state is saved after every answer (data_dir/interviews/<id>.json), so it can
be stopped at any point (Ctrl-D, or "let's stop here") and continued with
`--resume ID`. At the end the analysis is run and the reports are written.
Works with piped input too: one answer per line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.interview import Conductor, InterviewState, Question
    from interviewer.interview.files import InterviewFiles
    from interviewer.settings import Settings

REPORT_FORMATS = ("html", "md")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="interview someone about their process, in the terminal",
        description="Run a live interview in the terminal: one question at a time, saved after every "
        "answer, resumable with --resume ID, ending with the analysis and the report's path.",
    )
    parser.add_argument(
        "--process", metavar="NAME", help="name of the process to talk about (asked if missing)"
    )
    parser.add_argument(
        "--language", choices=("de", "en"), help="interview language (detected when not given)"
    )
    parser.add_argument("--role", metavar="ROLE", help="the interviewee's role, if known beforehand")
    parser.add_argument("--resume", metavar="ID", help="continue the interview with this id")
    parser.add_argument("--engine", choices=("offline", "llm"), help="engine (default: the configured one)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the reports (default data_dir/reports)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from interviewer.interview import Conductor
    from interviewer.interview.files import InterviewFiles
    from interviewer.settings import Settings

    console = Console(highlight=False)
    settings = Settings(engine=args.engine) if args.engine else Settings()
    files = InterviewFiles(settings.data_dir / "interviews")
    conductor = Conductor.from_settings(settings)
    try:
        if args.resume:
            state = files.load(args.resume)
            question = state.current_question()
            console.print(f"[dim]Resuming interview {state.id} ({state.process_name}).[/dim]")
        else:
            name = args.process or _read_line(console, "Process name: ")
            if name is None or not name.strip():
                console.print("[red]No process name given.[/red]")
                return 2
            state, question = conductor.start(
                process_name=name, language=args.language, interviewee_role=args.role
            )
            files.save(state)
            console.print(
                f"[dim]Interview {state.id}; resume with: interviewer chat --resume {state.id}[/dim]"
            )
        state = _converse(conductor, files, state, question, console)
        if not state.finished:
            console.print(
                f"[yellow]Interview saved ({files.path(state.id)}). "
                f"Continue with: interviewer chat --resume {state.id}[/yellow]"
            )
            return 0
        return _conclude(conductor, settings, state, args.out, console)
    finally:
        close = getattr(conductor.engine, "close", None)
        if callable(close):
            close()


def _read_line(console: Console, prompt: str) -> str | None:
    """One line of input; None at the end of input (Ctrl-D, or the pipe is empty)."""
    console.print(prompt, end="", style="bold")
    line = sys.stdin.readline()
    if not line:
        console.print()
        return None
    if not sys.stdin.isatty():
        console.print(line.rstrip("\n"))  # echo piped answers, so the transcript reads as a dialogue
    return line.rstrip("\r\n")


def _show(question: Question, console: Console) -> None:
    from rich.markup import escape
    from rich.panel import Panel

    if not console.is_terminal:  # piped or redirected: plain lines, easy to read back and to parse
        console.print(f"Interviewer: {escape(question.text)}", soft_wrap=True)
        return
    style = "green" if question.done else "cyan"
    console.print(Panel(escape(question.text), title="Interviewer", title_align="left", border_style=style))


def _converse(
    conductor: Conductor, files: InterviewFiles, state: InterviewState, question: Question, console: Console
) -> InterviewState:
    from interviewer.errors import InputError

    _show(question, console)
    while not state.finished:
        answer = _read_line(console, "> ")
        if answer is None:
            break
        if not answer.strip():
            continue
        try:
            state, question = conductor.answer(state, answer)
        except InputError as error:
            console.print(f"[red]{error}[/red]")
            continue
        files.save(state)
        _show(question, console)
    return state


def _conclude(
    conductor: Conductor, settings: Settings, state: InterviewState, out: Path | None, console: Console
) -> int:
    from interviewer.interview import summary_text
    from interviewer.reports import write_reports

    if not state.consent:
        return 0
    with console.status("analysing the interview ..."):
        result = conductor.finish(state)
    directory = out or settings.data_dir / "reports"
    paths = write_reports(result, directory, REPORT_FORMATS)
    result_path = directory / f"{result.case_id}.json"
    result_path.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    html = next((p for p in paths if p.suffix == ".html"), paths[0] if paths else result_path)
    console.print(summary_text(result, report_path=str(html)))
    for path in [*paths, result_path]:
        console.print(f"[dim]{path}[/dim]")
    return 0
