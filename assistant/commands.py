"""Slash commands of the chat: one registry, each command a small function; /help is built from it.

To add a command, define ``def run(chat, arg) -> str | None`` and register it, e.g.::

    register(SlashCommand("/echo", "TEXT", "say TEXT back", lambda chat, arg: arg))

``run`` returns the text to show (or None); returning :data:`EXIT` ends the session. ``chat``
is the :class:`critmin.assistant.repl.ChatSession`: ``chat.knowledge`` (its ``session`` is the
what-if session the /set family changes), ``chat.context``, ``chat.lang``, ``chat.confirm(q)``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from critmin.assistant.answers import examples
from critmin.assistant.completion import mineral_entities
from critmin.assistant.whatif_commands import COMMANDS as WHATIF
from critmin.assistant.whatif_commands import completions
from critmin.errors import CritminError
from critmin.explain.queries import rule_info, rules_list
from critmin.render import text

EXIT = object()

Run = Callable[[Any, str], Any]


@dataclass(frozen=True)
class SlashCommand:
    name: str  # "/rules"
    usage: str  # argument synopsis, e.g. "[RULE_ID]"
    summary: str
    run: Run
    aliases: tuple[str, ...] = ()
    complete: Callable[[Any], list[Any]] | None = None  # argument completions
    inline: bool = False  # quick or interactive: runs at the prompt, not in a worker (see repl)


COMMANDS: dict[str, SlashCommand] = {}


def register(command: SlashCommand) -> SlashCommand:
    for name in (command.name, *command.aliases):
        COMMANDS[name] = command
    return command


def command(name: str, usage: str = "", summary: str = "", aliases: tuple[str, ...] = (),
            complete: Callable[[Any], list[Any]] | None = None, inline: bool = False) -> Callable[[Run], Run]:
    """Decorator form of :func:`register`."""
    def wrap(func: Run) -> Run:
        register(SlashCommand(name, usage, summary, func, aliases, complete, inline))
        return func
    return wrap


def runs_inline(line: str) -> bool:
    """Whether a line is a command that runs at the prompt: one that computes nothing, or asks
    the user something (/save before overwriting). An unknown command is answered there too."""
    if not line.strip().startswith("/"):
        return False
    found = COMMANDS.get(line.strip().partition(" ")[0].lower())
    return found is None or found.inline


def unique() -> list[SlashCommand]:
    """Each command once, in registration order."""
    seen, out = set(), []
    for cmd in COMMANDS.values():
        if cmd.name not in seen:
            seen.add(cmd.name)
            out.append(cmd)
    return out


def usage(command: SlashCommand) -> str:
    return f"usage: {command.name} {command.usage}".rstrip()


def dispatch(chat: Any, line: str) -> Any:
    """Run a ``/command arg`` line. A user's mistake gets its message and the command's usage:
    an unknown command a did-you-mean, an argument to a command that takes none, a name the
    data does not know (an unknown rule or mineral), a file that cannot be read or written."""
    name, _, arg = line.strip().partition(" ")
    found = COMMANDS.get(name.lower())
    if found is None:
        close = difflib.get_close_matches(name.lower(), list(COMMANDS), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        return f"unknown command {name}{hint}; /help lists the commands"
    arg = arg.strip()
    if arg and not found.usage:
        return f"{found.name} takes no argument\n{usage(found)}"
    try:
        return found.run(chat, arg)
    except CritminError as exc:
        return f"error: {exc}\n{usage(found)}"
    except OSError as exc:  # a file named in the argument
        where = f" ({exc.filename})" if exc.filename else ""
        return f"error: {exc.strerror or exc}{where}\n{usage(found)}"


# ---------------------------------------------------------------- the built-in commands

def _minerals(chat: Any) -> list[Any]:
    return mineral_entities(chat.knowledge.lexicon.minerals.values())


def _rule_ids(chat: Any) -> list[str]:
    return chat.knowledge.lexicon.rule_ids


@command("/help", "[COMMAND]", "list the commands, or explain one; free-text questions work too", aliases=("/?",),
         inline=True)
def _help(chat: Any, arg: str) -> str:
    if arg:
        found = COMMANDS.get(arg if arg.startswith("/") else "/" + arg)
        if found is None:
            return f"no command {arg}; /help lists them"
        return f"{found.name} {found.usage}".rstrip() + f" — {found.summary}"
    rows = [f"  {(c.name + ' ' + c.usage).rstrip():<24} {c.summary}" for c in unique()]
    return "\n".join(["Commands:", *rows, "Or ask in English or Chinese, for example:",
                      examples("en", limit=5), examples("zh", limit=3),
                      "Tab completes minerals, commands and parameters; → accepts the grey suggestion from history; "
                      "Ctrl-C cancels the line or the answer being computed; Ctrl-D exits."])


@command("/rules", "[RULE_ID]", "list the rules, or show one and the minerals it fires for", complete=_rule_ids)
def _rules(chat: Any, arg: str) -> str:
    if arg:
        return text(rule_info(chat.knowledge.results, arg), chat.lang or "en")
    return text(rules_list(chat.knowledge.rules), chat.lang or "en")


def _one_mineral(chat: Any, arg: str, name: str) -> str | None:
    """Why ``arg`` does not name one mineral (with a did-you-mean and the usage), or None."""
    example = f"usage: {name} MINERAL (e.g. {name} nickel, {name} 镍)"
    if not arg:
        return example
    lexicon = chat.knowledge.lexicon
    found = {m.value for m in lexicon.find_minerals(arg)}
    if len(found) == 1:
        return None
    if found:
        return f"{name} takes one mineral; '{arg}' names {len(found)}: {', '.join(sorted(found))}\n{example}"
    close = lexicon.closest(arg)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    return f"unknown mineral '{arg}'{hint}\n{example}"


@command("/facts", "MINERAL", "a mineral's facts with their sources", complete=_minerals)
def _facts(chat: Any, arg: str) -> str:
    problem = _one_mineral(chat, arg, "/facts")
    if problem:
        return problem
    return chat.ask(f"facts {arg}" if not arg.isascii() else f"facts for {arg}")


@command("/why", "[MINERAL]", "the full derivation of a mineral's tier (or of the last answer), down to sourced facts",
         complete=_minerals)
def _why(chat: Any, arg: str) -> str:
    if not arg:  # the last answer, in full
        return chat.ask("show the reasoning")
    return _one_mineral(chat, arg, "/why") or chat.ask(f"why {arg}", detail=True)


@command("/rank", "", "every mineral from highest to lowest priority")
def _rank(chat: Any, arg: str) -> str:
    return chat.ask("rank")


@command("/lang", "en|zh|auto", "answer in English or Chinese (auto: the question's language)", inline=True)
def _lang(chat: Any, arg: str) -> str:
    if arg not in ("en", "zh", "auto"):
        return f"language: {chat.lang or 'auto'}; usage: /lang en|zh|auto"
    chat.lang = None if arg == "auto" else arg
    return f"language: {arg}"


def _register_whatif_commands() -> None:
    """/set, /unset, /scenario, /reset, /diff, /save: assumptions on the chat's what-if session."""
    for item in WHATIF:
        register(SlashCommand("/" + item.name, item.usage.partition(" ")[2], item.summary,
                              lambda chat, arg, item=item: item.run(chat.knowledge.session, arg, chat.confirm),
                              complete=lambda chat: completions(chat.knowledge.session),
                              inline=item.name == "save"))  # /save may ask before overwriting


_register_whatif_commands()


@command("/quit", "", "leave the chat (Ctrl-D also works)", aliases=("/exit", "/q"), inline=True)
def _quit(chat: Any, arg: str) -> Any:
    return EXIT
