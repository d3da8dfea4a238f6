"""Command-line usage mistakes explained in Chinese (Typer's own messages are English)."""

import re

_MESSAGES = [
    (r"Missing argument '(.+)'\.", "缺少参数 {0}。"),
    (r"Missing option '(.+)'\.", "缺少选项 {0}。"),
    (r"No such option:? (\S+?)\.?(?: .*)?$", "没有选项 {0}。"),
    (r"No such command '(.+)'\.(?: Did you mean '(.+)'\?)?$", "没有命令「{0}」。"),
    (r"Invalid value for (.+): [Pp]ath '(.+)' does not exist\.", "{0} 的值不对：路径「{1}」不存在。"),
    (r"Invalid value for (.+): [Pp]ath '(.+)' is a file\.", "{0} 的值不对：「{1}」是文件，这里要写文件夹。"),
    (r"Invalid value for (.+): '(.+)' is not a valid integer.*", "{0} 的值不对：「{1}」不是整数。"),
    (r"Invalid value for (.+): Input should be a valid integer.*", "{0} 的值不对：应为整数。"),
    (r"Invalid value for (.+): .*greater than or equal to (\d+).*", "{0} 的值不对：不能小于 {1}。"),
    (r"Invalid value for (.+?): (.*)", "{0} 的值不对：{1}"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}。"),
    (r"Option '(.+)' requires an argument\.", "选项 {0} 后面要写一个值。"),
]
_HINTS = [(re.compile(r"Did you mean '?([^'?]+)'?\?"), "是不是想写「{0}」？"),
          (re.compile(r"Possible options: ([^)]+)\)"), "可用的选项：{0}。")]


def is_usage_error(error: BaseException) -> bool:
    """Typer raises click's UsageError (vendored in new Typer releases): match it by name."""
    return any(cls.__name__ == "UsageError" for cls in type(error).__mro__)


def explain(message: str) -> str:
    for pattern, chinese in _MESSAGES:
        match = re.match(pattern, message.strip(), re.DOTALL)
        if match:
            text = chinese.format(*(group or "" for group in match.groups()))
            return text + "".join(hint.format(found.group(1)) for pattern_, hint in _HINTS
                                  if (found := pattern_.search(message)))
    return message


def usage_message(error) -> str:
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "bulletin"
    return f"用法错误：{explain(error.format_message())}\n运行 {command} -h 查看用法。"
