"""Click's own words in Vietnamese: help headings, usage errors, the last safety net.

Click writes "Usage:", "Options:" and its error messages in English; an editor reads only
Vietnamese. These command classes replace them, and the group's main() turns every usage
error, and any operating-system failure that escaped the library, into a Vietnamese line
(exit 2 for wrong usage, 1 for a failure) instead of English text or a traceback.
"""

from __future__ import annotations

import difflib
import re
import sys

import click

from bulletin_press.errors import os_problem

HELP_TEXT = "Hiện hướng dẫn này rồi thoát."
OPTIONS_METAVAR = "[TÙY_CHỌN]"


class Command(click.Command):
    """A command whose help is written in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="Cách dùng: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [param.get_help_record(ctx) for param in self.get_params(ctx)
                if isinstance(param, click.Option)]
        if any(rows):
            with formatter.section("Tùy chọn"):
                formatter.write_dl([(name, _extra_in_vietnamese(text)) for name, text in rows
                                    if name])


_EXTRA = re.compile(r"\s+\[([^\[\]]*)\]$")
_EXTRA_WORDS = {"required": "bắt buộc", "default": "mặc định", "env var": "biến môi trường"}


def _extra_in_vietnamese(text: str) -> str:
    """Click ends an option's help with '[default: x; required]'; say it in Vietnamese."""
    match = _EXTRA.search(text)
    if not match:
        return text
    parts = []
    for part in match.group(1).split("; "):
        word, _, value = part.partition(": ")
        word = _EXTRA_WORDS.get(word, word)
        parts.append(f"{word}: {value}" if value else word)
    return f"{text[:match.start()]}  [{'; '.join(parts)}]"


class Group(Command, click.Group):
    """The `bulletin` group: Vietnamese help, and usage errors reported in Vietnamese."""

    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Command.format_options(self, ctx, formatter)
        rows = [(name, self.get_command(ctx, name).get_short_help_str(1000))
                for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, **extra):
        try:
            result = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help())
            sys.exit(2)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "bulletin"
            click.echo(f"Lỗi: {usage_message(error, self)}", err=True)
            click.echo(f"Xem cách dùng: {command} --help", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(1)
        except OSError as error:
            problem = os_problem(error.filename or "", error, "đọc hoặc ghi")
            click.echo(str(problem), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def usage_message(error: click.UsageError, group: click.Group) -> str:
    """What was wrong with the command line, in Vietnamese."""
    param = getattr(error, "param", None)
    name = _param_name(param) if param is not None else ""
    if isinstance(error, click.MissingParameter):
        return f"thiếu {name}." if name else "thiếu một tham số."
    if isinstance(error, click.NoSuchOption):
        close = difflib.get_close_matches(error.option_name, error.possibilities or [], n=1)
        hint = f" Có phải ý bạn là {close[0]}?" if close else ""
        return f"không có tùy chọn {error.option_name}.{hint}"
    if isinstance(error, click.BadOptionUsage):
        return f"tùy chọn {error.option_name} cần một giá trị đi kèm."
    if isinstance(error, click.BadParameter):
        kind = getattr(param, "type", None)
        if isinstance(kind, click.Choice):
            return f"giá trị của {name} phải là một trong: {', '.join(map(str, kind.choices))}."
        if isinstance(kind, click.types._NumberRangeBase):
            return f"{name} phải là một số nguyên{_range(kind)}."
        if isinstance(kind, click.types.IntParamType):
            return f"{name} phải là một số nguyên."
        return f"giá trị của {name} không hợp lệ."
    text = error.message
    if text.startswith("No such command"):
        typed = text.split("'")[1] if "'" in text else ""
        commands = group.list_commands(error.ctx) if error.ctx else []
        close = difflib.get_close_matches(typed, commands, n=1)
        hint = f" Có phải ý bạn là “{close[0]}”?" if close else ""
        return f"không có lệnh “{typed}”.{hint} Các lệnh: {', '.join(commands)}."
    if text.startswith("Got unexpected extra argument"):
        extra = text[text.find("(") + 1:text.rfind(")")] if "(" in text else ""
        return f"thừa tham số: {extra}."
    return "cách gọi lệnh không đúng."


def _param_name(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return " / ".join(param.opts)


def _range(kind) -> str:
    if kind.min is not None and kind.max is not None:
        return f" từ {kind.min} đến {kind.max}"
    if kind.min is not None:
        return f" từ {kind.min} trở lên"
    return f" không quá {kind.max}" if kind.max is not None else ""
