"""`bulletin mail`: send an issue's PDF to its units, or show what would be sent (--dry-run)."""

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..deliver.mail import (
    MailFatal, MailPlan, Mailer, MailReport, Outcome, Outgoing, ensure_pdf, plan_mail, send_plan, smtp_password,
)
from ..deliver.sendlog import FAILED, SENT, SendLog
from ..diagnostics import ContentError, Diagnostic
from ..model import BULLETIN_FILE
from ..model.units import PASSWORD_VARIABLE
from .report import print_diagnostics

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT = 0, 1, 2

MAIL_EXAMPLE = """mail:
  host: smtp.example.cn
  port: 465
  security: ssl            # ssl、starttls 或 none
  username: jianbao@example.cn
  sender: 周口市文明办 <jianbao@example.cn>"""

_PDF_STATES = {
    "current": "已是最新",
    "missing": "尚未生成，发送前会先生成",
    "outdated": "内容已修改，发送前会重新生成",
}


_BUILDING = {"missing": "PDF 尚未生成，正在生成 PDF…", "outdated": "内容已修改，正在重新生成 PDF…"}


def run_mail(issue: Path, out: Path, to: list[str] | None = None, dry_run: bool = False,
             ca_file: Path | None = None, *, console: Console | None = None, errors: Console | None = None,
             retries: int = 3, backoff: float = 2.0, timeout: float = 30.0) -> int:
    console = console or Console()
    errors = errors or Console(stderr=True)
    try:
        plan = plan_mail(issue, out, to)
    except ContentError as error:
        print_diagnostics(errors, error.diagnostics, "错误")
        return EXIT_BAD_INPUT
    print_diagnostics(errors, plan.issue.warnings, "警告")
    _report_missing(errors, plan)
    if dry_run:
        return _dry_run(console, errors, plan)
    if not plan.outgoing:
        errors.print("[red]错误[/]：要发送的单位在 units.yaml 中都没有邮箱，没有可发送的邮件。", highlight=False)
        return EXIT_BAD_INPUT
    try:
        settings = _settings(plan)
        password = smtp_password(settings)
        _check_login(errors, plan, password)
        mailer = Mailer(settings, password, ca_file=_ca_file(plan, ca_file),
                        retries=retries, backoff=backoff, timeout=timeout)
        log = SendLog.open(plan.issue.bulletin_dir)
    except ContentError as error:
        print_diagnostics(errors, error.diagnostics, "错误")
        return EXIT_BAD_INPUT
    except MailFatal as error:
        errors.print(f"[red]错误[/]：{escape(error.message)}", highlight=False)
        return error.exit_code
    with log:
        entries = log.entries(plan.key)
        if not any(item.pending(entries) for item in plan.outgoing):
            console.print(f"本期已全部发送过（{len(plan.outgoing)} 个单位），这次没有发送任何邮件。", highlight=False)
            return EXIT_OK
        try:
            if plan.pdf_state != "current":
                console.print(_BUILDING[plan.pdf_state], highlight=False)
            print_diagnostics(errors, ensure_pdf(plan), "警告")
        except ContentError as error:
            print_diagnostics(errors, error.diagnostics, "错误")
            errors.print("[red]PDF 未能生成，没有发送任何邮件。[/]", highlight=False)
            return EXIT_BAD_INPUT
        try:
            return _send(console, errors, plan, log, mailer)
        except KeyboardInterrupt:  # outside the sending loop, which records its own interruption
            errors.print("[red]已中断。[/]已发送的已记录，再次运行会继续发送其余单位。", highlight=False)
            return EXIT_SOME_FAILED


def _settings(plan: MailPlan):
    if plan.settings is None:
        raise ContentError([Diagnostic(
            f"还没有发信设置：请在 {BULLETIN_FILE} 中加上 mail: 一节，例如：\n{MAIL_EXAMPLE}\n"
            f"密码不写在文件里，请设置环境变量 {PASSWORD_VARIABLE}。",
            plan.issue.bulletin_dir / BULLETIN_FILE, None, "mail")])
    return plan.settings


def _check_login(errors: Console, plan: MailPlan, password: str | None) -> None:
    settings = plan.settings
    if settings.username and not password:
        raise ContentError([Diagnostic(
            f"mail.username 已设置为「{settings.username}」，但没有密码：请先设置环境变量 {PASSWORD_VARIABLE}"
            f"（Windows：set {PASSWORD_VARIABLE}=密码；Linux：export {PASSWORD_VARIABLE}=密码），再运行本命令。"
            "密码不能写在命令行或文件里。", plan.issue.bulletin_dir / BULLETIN_FILE, None, "mail.username")])
    if password and not settings.username:
        errors.print(f"[yellow]警告[/]：设置了 {PASSWORD_VARIABLE}，但 mail.username 为空，因此不登录邮件服务器。",
                     highlight=False)
    if settings.username and settings.security == "none":
        errors.print("[yellow]警告[/]：mail.security 为 none，密码将以明文发送；建议改用 ssl 或 starttls。",
                     highlight=False)


def _ca_file(plan: MailPlan, option: Path | None) -> Path | None:
    if option is not None:
        path, where = option, "--ca-file"
    elif plan.settings.ca_file:
        path, where = plan.issue.bulletin_dir / plan.settings.ca_file, "mail.ca_file"
    else:
        return None
    if not path.is_file():
        file = None if where == "--ca-file" else plan.issue.bulletin_dir / BULLETIN_FILE
        raise ContentError([Diagnostic(
            f"找不到 {where} 指定的证书文件 {path}：请写上 CA 证书文件（PEM 格式）的正确路径。", file, None, where)])
    return path


def _report_missing(errors: Console, plan: MailPlan) -> None:
    for missing in plan.missing:
        hint = f"是不是「{missing.suggestion}」？名称须与 units.yaml 一致。" if missing.suggestion else \
            "请在 units.yaml 中加上它的邮箱。"
        errors.print(f"[yellow]警告[/]：「{escape(missing.name)}」在 units.yaml 中没有邮箱，不发送；{escape(hint)}",
                     highlight=False)


def _dry_run(console: Console, errors: Console, plan: MailPlan) -> int:
    with SendLog.read(plan.issue.bulletin_dir) as log:
        entries = log.entries(plan.key)
    table = Table(title=f"试运行：{plan.key}（不发送任何邮件）", title_justify="left", show_lines=True)
    table.add_column("单位", overflow="fold", ratio=3)
    table.add_column("邮箱", no_wrap=True)
    table.add_column("主题", overflow="fold", ratio=3)
    table.add_column("状态", overflow="fold", ratio=2)
    for item in plan.outgoing:
        states = [_state(entries.get((item.unit.name, address))) for address in item.addresses]
        table.add_row(escape(item.unit.name), "\n".join(item.addresses), escape(item.subject), "\n".join(states))
    for missing in plan.missing:
        table.add_row(escape(missing.name), "[yellow]（无）[/]", "", "[yellow]units.yaml 中没有，不发送[/]")
    console.print(table)
    console.print(f"附件：{escape(str(plan.pdf))}（{_PDF_STATES[plan.pdf_state]}）", highlight=False)
    if plan.settings is None:
        errors.print(f"[yellow]警告[/]：{BULLETIN_FILE} 中还没有 mail: 设置，正式发送前请补上，例如：\n"
                     f"{escape(MAIL_EXAMPLE)}", highlight=False)
    else:
        settings = plan.settings
        console.print(f"发件人：{escape(settings.sender)}；邮件服务器：{settings.host}:{settings.effective_port}"
                      f"（{settings.security}）", highlight=False)
    pending = sum(1 for item in plan.outgoing if item.pending(entries))
    console.print(f"共 {len(plan.outgoing)} 个单位有邮箱，其中 {pending} 个待发送；试运行，没有发送任何邮件。",
                  highlight=False)
    return EXIT_OK


def _state(entry) -> str:
    if entry is None:
        return "待发送"
    if entry.result == SENT:
        return f"[green]已发送[/] {entry.time[:16].replace('T', ' ')}"
    if entry.result == FAILED:
        return f"[red]上次失败[/]，将重发：{escape(entry.reply or '')}"
    return "上次发送中断，将重发"


def _send(console: Console, errors: Console, plan: MailPlan, log: SendLog, mailer: Mailer) -> int:
    console.print(f"发送 {escape(plan.key)}：附件 {escape(str(plan.pdf))}，邮件服务器 {mailer.where}", highlight=False)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        entries = log.entries(plan.key)
        task = progress.add_task("正在发送", total=sum(1 for item in plan.outgoing if item.pending(entries)))

        def started(item: Outgoing) -> None:
            progress.update(task, description=f"正在发送：{escape(item.unit.name)}")

        def finished(item: Outgoing, results: dict[str, Outcome]) -> None:
            for address, outcome in results.items():
                if outcome.ok:
                    progress.console.print(f"[green]✓[/] 已发送：{escape(item.unit.name)} <{address}>",
                                           highlight=False)
                else:
                    progress.console.print(f"[red]✗[/] 失败：{escape(item.unit.name)} <{address}>："
                                           f"{escape(outcome.reply or '')}", highlight=False)
            progress.advance(task)

        report = send_plan(plan, mailer, log, on_result=finished, on_start=started)
    return _summary(console, errors, plan, report)


def _summary(console: Console, errors: Console, plan: MailPlan, report: MailReport) -> int:
    parts = [f"本次发送成功 {len(report.sent)} 个单位"]
    if report.already:
        parts.append(f"之前已发送 {len(report.already)} 个（未重发）")
    failed_units = list(dict.fromkeys(unit for unit, _, _ in report.failed))
    if failed_units:
        parts.append(f"失败 {len(failed_units)} 个")
    if report.left:
        parts.append(f"未发送 {len(report.left)} 个")
    console.print("；".join(parts) + "。", highlight=False)
    for unit, address, reply in report.failed:
        errors.print(f"[red]失败[/]：{escape(unit)} <{address}>：{escape(reply)}", highlight=False)
    if report.stopped is not None:
        errors.print(f"[red]错误[/]：{escape(report.stopped.message)}", highlight=False)
        if report.left:
            errors.print(f"尚未发送：{escape('、'.join(report.left))}", highlight=False)
        return report.stopped.exit_code
    if report.failed:
        errors.print("失败的单位在再次运行 bulletin mail 时会重新发送（已发送的不会重发）。", highlight=False)
        return EXIT_SOME_FAILED
    return EXIT_OK
