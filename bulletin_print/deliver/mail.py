"""Mail an issue's PDF to the units on its distribution list, one message per unit.

plan_mail() works out who gets what (and raises ContentError for bad input); send_plan()
sends what the send log does not already record as sent, through a Mailer that keeps one
SMTP connection open, retries temporary failures with backoff and respects a rate limit.
Nothing here prints: the command (commands/mail.py) reports in Chinese.
"""

import base64
import difflib
import hashlib
import hmac
import os
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..layout.dates import issue_label
from ..model import Issue, load_issue
from ..model.units import PASSWORD_VARIABLE, MailSettings, Unit, load_units, unit_key
from .batch import BuildOptions, build_all, current_output
from .build import output_name
from .message import Templates, build_message, new_message_id
from .sendlog import FAILED, SENDING, SENT, LogEntry, SendLog

KEYRING_SERVICE = "bulletin-print"
_RESUME = "已发送的已记录，稍后再次运行会继续发送其余单位。"


# ---------------------------------------------------------------- the plan


@dataclass
class Outgoing:
    """One unit's message."""

    unit: Unit
    subject: str
    body: str

    @property
    def addresses(self) -> list[str]:
        return self.unit.email

    def pending(self, entries: dict[tuple[str, str], LogEntry]) -> list[str]:
        """Addresses the log does not record as sent."""
        return [a for a in self.addresses if (e := entries.get((self.unit.name, a))) is None or e.result != SENT]


@dataclass
class Missing:
    """A unit on the list that units.yaml has no address for."""

    name: str
    suggestion: str | None = None


@dataclass
class MailPlan:
    issue: Issue
    settings: MailSettings | None
    pdf: Path
    pdf_state: str  # "current", "missing" or "outdated"
    outgoing: list[Outgoing]
    missing: list[Missing]

    @property
    def key(self) -> str:
        """How the send log names the issue, e.g. 2023年第17期."""
        return f"{self.issue.date.year}年{issue_label(self.issue.number, self.issue.content.kind)}"

    @property
    def file_name(self) -> str:
        return self.pdf.name


def recipient_names(issue: Issue) -> list[str]:
    """报, 送, 发 and 本期增发, in that order, each name once."""
    names, seen = [], set()
    groups = issue.distribution.groups() if issue.distribution else []
    for name in [n for _, units in groups for n in units] + issue.content.extra:
        if unit_key(name) not in seen:
            seen.add(unit_key(name))
            names.append(name)
    return names


def plan_mail(issue_path: Path, out_dir: Path, only: list[str] | None = None) -> MailPlan:
    """Who gets this issue, with which subject and body. ContentError on bad input."""
    issue_path = Path(issue_path)
    if issue_path.is_dir():
        raise ContentError([Diagnostic(
            "请指定一期的文件（例如 2023/017.yaml），而不是文件夹：每次只发送一期。", issue_path)])
    issue = load_issue(issue_path)
    units = load_units(issue.bulletin_dir)
    names = recipient_names(issue)
    if not names:
        raise ContentError([Diagnostic(
            "本期没有报送范围：请在 bulletin.yaml 或本期文件中写上 distribution（报、送、发），"
            "或在本期文件中用 extra 写上本期增发的单位。", issue.path, None, "distribution")])
    if only:
        names = _restrict(issue, names, only)
    settings = issue.bulletin.mail
    templates = Templates(issue, settings)
    pdf = out_dir / output_name(issue)
    outgoing, missing, seen = [], [], set()
    for name in names:
        unit = units.find(name)
        if unit is None:
            close = difflib.get_close_matches(name, units.names(), n=1, cutoff=0.8)
            missing.append(Missing(name, close[0] if close else None))
        elif unit.name not in seen:
            seen.add(unit.name)
            outgoing.append(Outgoing(unit, *templates.render(unit, pdf.name)))
    return MailPlan(issue, settings, pdf, pdf_state(issue, pdf), outgoing, missing)


def _restrict(issue: Issue, names: list[str], only: list[str]) -> list[str]:
    wanted, problems = {unit_key(n) for n in only}, []
    keys = {unit_key(n) for n in names}
    for name in only:
        if unit_key(name) not in keys:
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
            hint = f"是不是「{close[0]}」？" if close else f"本期的单位有：{'、'.join(names)}"
            problems.append(Diagnostic(
                f"--to 指定的「{name}」不在本期的报送范围（报、送、发、本期增发）内；{hint}", issue.path))
    if problems:
        raise ContentError(problems)
    return [n for n in names if unit_key(n) in wanted]


def pdf_state(issue: Issue, pdf: Path) -> str:
    """"current" when `bulletin build` recorded this PDF as built from the present content."""
    if not pdf.is_file():
        return "missing"
    return "current" if current_output(issue.path, BuildOptions(pdf.parent)) == pdf else "outdated"


def ensure_pdf(plan: MailPlan) -> list[Diagnostic]:
    """Build the PDF when it is missing or outdated, as `bulletin build` would (returns the
    build's warnings); ContentError if it cannot be built."""
    if plan.pdf_state == "current":
        return []
    [result] = build_all([plan.issue.path], BuildOptions(plan.pdf.parent))
    if not result.ok:
        raise ContentError(result.errors)
    plan.pdf, plan.pdf_state = result.output, "current"
    return result.warnings


def smtp_password(settings: MailSettings) -> str | None:
    """From BULLETIN_SMTP_PASSWORD, else the system keyring when the keyring package is installed."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if not settings.username:
        return None
    try:
        import keyring  # optional: only when the office has installed it
        return keyring.get_password(KEYRING_SERVICE, settings.username) or None
    except Exception:  # no keyring package or no usable backend: the variable is the way
        return None


# ---------------------------------------------------------------- sending


class MailFatal(Exception):
    """Sending cannot go on (login refused, certificate not trusted, server unreachable).

    exit_code 2 when the settings must change first, 1 when a later run may simply succeed."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.message, self.exit_code = message, exit_code


class _Temporary(Exception):
    """A failure worth another try (4xx reply, connection lost)."""


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reply: str | None = None
    temporary: bool = False


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {' '.join(text.split())}".strip()


def _connection_problem(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "与邮件服务器的连接中断"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "邮件服务器长时间没有响应（请检查 security 与 port 是否匹配：ssl 常用 465，starttls 常用 587）"
    if isinstance(error, ConnectionRefusedError):
        return "邮件服务器拒绝连接（服务器未开启，或端口不对）"
    return f"无法与邮件服务器通信（{error.strerror or error}）" if isinstance(error, OSError) else str(error)


class RateLimiter:
    """At most `per_minute` messages a minute, spaced evenly."""

    def __init__(self, per_minute: int | None, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self.clock, self.sleep, self.next = clock, sleep, None

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock()
        if self.next is not None and now < self.next:
            self.sleep(self.next - now)
            now = self.next
        self.next = now + self.interval


class _Utf8Auth:
    """smtplib sends AUTH data as ASCII only; offices' passwords may hold other characters (UTF-8)."""

    def auth(self, mechanism, authobject, *, initial_response_ok=True):
        mechanism = mechanism.upper()
        initial = authobject() if initial_response_ok else None
        if initial is not None:
            code, resp = self.docmd("AUTH", mechanism + " " + _b64(initial))
            self._auth_challenge_count = 1
        else:
            code, resp = self.docmd("AUTH", mechanism)
            self._auth_challenge_count = 0
        while code == 334:
            self._auth_challenge_count += 1
            code, resp = self.docmd(_b64(authobject(base64.decodebytes(resp))))
            if self._auth_challenge_count > 5:
                raise smtplib.SMTPException(f"Server AUTH mechanism loops: {code} {resp!r}")
        if code in (235, 503):
            return code, resp
        raise smtplib.SMTPAuthenticationError(code, resp)

    def auth_cram_md5(self, challenge=None):
        if challenge is None:
            return None
        digest = hmac.HMAC(self.password.encode("utf-8"), challenge, "md5").hexdigest()
        return f"{self.user} {digest}"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


class _SMTP(_Utf8Auth, smtplib.SMTP):
    pass


class _SMTP_SSL(_Utf8Auth, smtplib.SMTP_SSL):
    pass


class Mailer:
    """One SMTP connection, opened on demand and reopened after it is lost."""

    def __init__(self, settings: MailSettings, password: str | None, *, ca_file: Path | None = None,
                 retries: int = 3, backoff: float = 2.0, timeout: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.settings, self._password = settings, password
        self.retries, self.backoff, self.timeout = retries, backoff, timeout
        self.sleep, self.clock = sleep, clock
        self.context = self._tls_context(ca_file) if settings.security != "none" else None
        self._smtp: smtplib.SMTP | None = None

    def __repr__(self) -> str:  # never show the password
        return f"Mailer({self.settings.host}:{self.settings.effective_port})"

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.effective_port}"

    def _tls_context(self, ca_file: Path | None) -> ssl.SSLContext:
        try:
            return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
        except (OSError, ssl.SSLError) as error:
            raise MailFatal(f"证书文件 {ca_file} 无法使用（{error}）：请指定 PEM 格式的 CA 证书文件。") from None

    def open(self) -> None:
        """Connect and log in, retrying temporary failures; MailFatal when it cannot."""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                self._connect()
                return
            except _Temporary as error:
                last = str(error)
        raise MailFatal(f"无法连接邮件服务器 {self.where}：{last}。{_RESUME}", exit_code=1)

    def _connect(self) -> None:
        if self._smtp is not None:
            return
        settings, smtp = self.settings, None
        try:
            if settings.security == "ssl":
                smtp = _SMTP_SSL(settings.host, settings.effective_port, timeout=self.timeout, context=self.context)
            else:
                smtp = _SMTP(settings.host, settings.effective_port, timeout=self.timeout)
            smtp.ehlo()
            if settings.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise MailFatal(f"邮件服务器 {self.where} 不支持 STARTTLS 加密：请把 bulletin.yaml 中的 "
                                    "mail.security 改为 ssl（端口常为 465），或向管理员确认服务器设置。")
                smtp.starttls(context=self.context)
                smtp.ehlo()
            if settings.username:
                smtp.login(settings.username, self._password or "")
        except MailFatal:
            _close(smtp)
            raise
        except Exception as error:
            _close(smtp)
            raise self._connect_error(error) from None
        self._smtp = smtp

    def _connect_error(self, error: BaseException) -> Exception:
        where, settings = self.where, self.settings
        if isinstance(error, ssl.SSLCertVerificationError):
            return MailFatal(
                f"无法验证邮件服务器 {where} 的证书（{error.verify_message}）。如果这是单位自己的邮件服务器，"
                "请用 --ca-file 或 bulletin.yaml 中的 mail.ca_file 指定签发它证书的 CA 证书文件；"
                "并确认 mail.host 与证书上的服务器名称一致。")
        if isinstance(error, ssl.SSLError):
            return MailFatal(
                f"与邮件服务器 {where} 建立加密连接失败（{error.reason or error}）：请检查 mail.security 与 "
                "mail.port 是否匹配（ssl 常用 465，starttls 常用 587，none 常用 25）。")
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return MailFatal(
                f"登录邮件服务器失败：用户名或密码不对（服务器回复：{_reply(error.smtp_code, error.smtp_error)}）。"
                f"请检查 bulletin.yaml 中的 mail.username「{settings.username}」和环境变量 {PASSWORD_VARIABLE}。"
                "（有些邮箱要用“授权码”代替登录密码。）没有发送任何邮件。")
        if isinstance(error, smtplib.SMTPNotSupportedError):
            return MailFatal(
                f"邮件服务器 {where} 不接受登录（AUTH）：如服务器要求先加密再登录，请把 mail.security 改为 "
                "starttls 或 ssl；如服务器不需要登录，请删去 mail.username。")
        if isinstance(error, smtplib.SMTPServerDisconnected):
            return _Temporary(_connection_problem(error))
        if isinstance(error, smtplib.SMTPResponseException):
            if 400 <= error.smtp_code < 500:
                return _Temporary(f"服务器暂时拒绝：{_reply(error.smtp_code, error.smtp_error)}")
            return MailFatal(f"邮件服务器 {where} 拒绝了连接：{_reply(error.smtp_code, error.smtp_error)}")
        if isinstance(error, smtplib.SMTPException):  # e.g. no login method both sides know
            return MailFatal(f"与邮件服务器 {where} 通信出错：{error}")
        if isinstance(error, socket.gaierror):
            return MailFatal(f"找不到邮件服务器「{settings.host}」：请检查 bulletin.yaml 中的 mail.host 和网络。")
        if isinstance(error, OSError):
            return _Temporary(_connection_problem(error))
        return MailFatal(f"连接邮件服务器 {where} 时出错：{error}")

    def drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        _close(smtp)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                _close(smtp)

    def send(self, addresses: list[str], data: bytes) -> dict[str, Outcome]:
        """Send to each address, retrying temporary failures. MailFatal when the server is gone
        for good or refuses the sender; otherwise an Outcome per address."""
        results: dict[str, Outcome] = {}
        remaining, last = list(addresses), ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                self._connect()
            except _Temporary as error:
                last = str(error)
                continue
            try:
                refused = self._smtp.sendmail(self.settings.sender_address, remaining, data)
            except smtplib.SMTPRecipientsRefused as error:
                refused = error.recipients
            except smtplib.SMTPSenderRefused as error:
                if 400 <= error.smtp_code < 500:
                    last = _reply(error.smtp_code, error.smtp_error)
                    self.drop()
                    continue
                reply = _reply(error.smtp_code, error.smtp_error)
                raise MailFatal(
                    f"邮件服务器拒绝了发件人 {self.settings.sender_address}（{reply}）："
                    "请检查 mail.sender 是否为登录账号可以使用的地址，以及是否需要填写 mail.username。") from None
            except smtplib.SMTPResponseException as error:
                reply = _reply(error.smtp_code, error.smtp_error)
                if 400 <= error.smtp_code < 500:
                    last = reply
                    self.drop()
                    continue
                results.update({a: Outcome(False, reply) for a in remaining})
                return results
            except smtplib.SMTPServerDisconnected as error:
                last = _connection_problem(error)
                self.drop()
                continue
            except smtplib.SMTPException as error:  # anything else smtplib refuses to do (also an OSError)
                self.drop()
                results.update({a: Outcome(False, str(error)) for a in remaining})
                return results
            except OSError as error:
                last = _connection_problem(error)
                self.drop()
                continue
            retry = []
            for address in remaining:
                if address not in refused:
                    results[address] = Outcome(True)
                elif 400 <= refused[address][0] < 500:
                    last = _reply(*refused[address])
                    retry.append(address)
                else:
                    results[address] = Outcome(False, _reply(*refused[address]))
            remaining = retry
            if not remaining:
                return results
        if not results and not self._smtp_reachable():
            raise MailFatal(f"无法连接邮件服务器 {self.where}：{last}。{_RESUME}", exit_code=1)
        results.update({a: Outcome(False, f"多次重试仍失败：{last}", temporary=True) for a in remaining})
        return results

    def _smtp_reachable(self) -> bool:
        """After a message failed every try: is the server there at all (then go on with the next)?"""
        try:
            self._connect()
            return True
        except _Temporary:
            return False


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.close()
        except OSError:
            pass


@dataclass
class MailReport:
    sent: list[tuple[str, list[str]]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # unit, address, reply
    already: list[str] = field(default_factory=list)  # units sent by an earlier run
    stopped: MailFatal | None = None
    left: list[str] = field(default_factory=list)  # units not tried because sending stopped

    @property
    def ok(self) -> bool:
        return not self.failed and self.stopped is None


def send_plan(plan: MailPlan, mailer: Mailer, log: SendLog,
              on_result: Callable[[Outgoing, dict[str, Outcome]], None] | None = None,
              on_start: Callable[[Outgoing], None] | None = None) -> MailReport:
    """Send every message the log does not record as sent; record each result at once."""
    report = MailReport()
    entries = log.entries(plan.key)
    todo = [item for item in plan.outgoing if item.pending(entries)]
    report.already = [item.unit.name for item in plan.outgoing if not item.pending(entries)]
    if not todo:
        return report
    pdf = plan.pdf.read_bytes()
    digest = hashlib.sha256(pdf).hexdigest()
    limiter = RateLimiter(plan.settings.rate_limit, mailer.clock, mailer.sleep)
    try:
        mailer.open()
    except MailFatal as error:
        report.stopped, report.left = error, [item.unit.name for item in todo]
        return report
    index = 0
    try:
        for index, item in enumerate(todo):
            addresses = item.pending(entries)
            if on_start:
                on_start(item)
            limiter.wait()
            message_id = log.message_id(plan.key, item.unit.name) or new_message_id(plan.settings)
            data = build_message(plan.settings, item.unit.name, addresses, item.subject, item.body, pdf,
                                 plan.file_name, message_id)
            log.record(plan.key, item.unit.name, addresses, message_id, SENDING, attachment=digest)
            try:
                results = mailer.send(addresses, data)
            except MailFatal as error:
                log.record(plan.key, item.unit.name, addresses, message_id, FAILED, error.message, digest)
                report.failed += [(item.unit.name, a, error.message) for a in addresses]
                report.stopped, report.left = error, [rest.unit.name for rest in todo[index + 1:]]
                break
            done = [a for a, outcome in results.items() if outcome.ok]
            if done:
                log.record(plan.key, item.unit.name, done, message_id, SENT, attachment=digest)
                report.sent.append((item.unit.name, done))
            for address, outcome in results.items():
                if not outcome.ok:
                    log.record(plan.key, item.unit.name, [address], message_id, FAILED, outcome.reply, digest)
                    report.failed.append((item.unit.name, address, outcome.reply))
            if on_result:
                on_result(item, results)
    except KeyboardInterrupt:
        # The unit being sent stays "sending": the next run sends it again, with the same Message-ID.
        report.stopped = MailFatal("发送被中断（Ctrl-C）。已发送的已记录，再次运行会继续发送其余单位。", exit_code=1)
        report.left = [rest.unit.name for rest in todo[index:]]
    finally:
        mailer.close()
    return report
