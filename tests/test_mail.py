"""`bulletin mail` against a real SMTP server (aiosmtpd) on 127.0.0.1, inside the test process.

Every message the server receives is parsed with the stdlib email parser. TLS verification is
always on: the tests make their own CA and pass it the way an office would (--ca-file or
mail.ca_file). The PDF is the sample bulletin's, built once by the real builder.
"""

import datetime as dt
import email
import io
import ipaddress
import shutil
import socket
import sqlite3
import ssl
import time
from email import policy
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from rich.console import Console
from typer.testing import CliRunner

from bulletin_print.cli import app
from bulletin_print.commands.mail import run_mail
from bulletin_print.deliver import mail as mail_module
from bulletin_print.deliver.batch import BuildOptions, build_all
from bulletin_print.deliver.mail import RateLimiter, pdf_state, plan_mail
from bulletin_print.deliver.sendlog import SendLog, log_path
from bulletin_print.diagnostics import ContentError
from bulletin_print.model import load_issue

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "zhoukou-wenming"
ISSUE = Path("2023") / "017.yaml"
PDF_NAME = "周口精神文明建设简报-2023年第17期.pdf"
SUBJECT = "周口精神文明建设简报 2023年第17期"
PASSWORD = "s3cret-口令-42"
USER = "jianbao@example.cn"

# The sample's distribution: 报 省文明办, 市委、市人大、市政府、市政协领导; 送 市文明委各成员单位;
# 发 各县（市、区）文明办, 市直各文明单位. The test issue adds 本期增发 周口日报社.
UNITS = {
    "省文明办": ["sheng@example.cn"],
    "市委、市人大、市政府、市政协领导": ["ld1@example.cn", "ld2@example.cn"],
    "市文明委各成员单位": ["chengyuan@example.cn"],
    "各县(市、区)文明办": ["xianqu@example.cn"],  # half-width brackets: still matches
    "周口日报社": ["ribao@example.cn"],
}
MISSING = "市直各文明单位"  # on the list, not in units.yaml
FAST = {"retries": 2, "backoff": 0.01, "timeout": 5.0}


# ---------------------------------------------------------------- certificates


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    """A test CA and a server certificate for 127.0.0.1 and localhost, signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder = tmp_path_factory.mktemp("certs")
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bulletin-print test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(ca_ski, critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
            .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    return {"ca": folder / "ca.pem", "server": context}


# ---------------------------------------------------------------- the SMTP server


class Recorder:
    """An aiosmtpd handler that keeps what it receives and can misbehave on purpose."""

    def __init__(self, reject=(), drop=None, tempfail=0):
        self.messages = []  # (envelope recipients, raw bytes, monotonic time)
        self.reject = set(reject)  # these recipients get 550
        self.drop = drop  # callable(n) → True: close the connection at the n-th DATA, keep nothing
        self.tempfail = tempfail  # this many first DATA commands get 451
        self.data_calls = 0
        self.logins = []  # (mechanism, login)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_calls += 1
        if self.drop and self.drop(self.data_calls):
            server.transport.close()
            return "421 4.4.2 closing"
        if self.data_calls <= self.tempfail:
            return "451 4.3.0 Temporary failure, try again"
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                              time.monotonic()))
        return "250 2.0.0 OK queued"

    def parsed(self):
        return [(rcpt, email.message_from_bytes(raw, policy=policy.default)) for rcpt, raw, _ in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """aiosmtpd on 127.0.0.1 in its own thread; `security` as in mail.security."""

    def __init__(self, handler, certs=None, security="none", auth=None, port=None):
        self.handler, self.port = handler, port or free_port()
        options = {"hostname": "127.0.0.1", "port": self.port, "ready_timeout": 5}
        if auth:
            options.update(authenticator=self._authenticate, auth_require_tls=security == "starttls",
                           auth_exclude_mechanism=[m for m in ("LOGIN", "PLAIN") if m != auth])
        if security == "starttls":
            options.update(tls_context=certs["server"], require_starttls=True)
        elif security == "ssl":
            options.update(ssl_context=certs["server"])
        self.controller = Controller(handler, **options)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
            and auth_data.password == PASSWORD.encode()
        self.handler.logins.append((mechanism, auth_data.login.decode(), ok))
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


# ---------------------------------------------------------------- the bulletin


class Bulletin:
    """A copy of the sample bulletin with units.yaml, mail settings and its PDF in out/."""

    def __init__(self, root: Path):
        self.dir, self.out = root / "bulletin", root / "out"
        shutil.copytree(SAMPLE, self.dir)
        issue = self.issue.read_text(encoding="utf-8")
        self.issue.write_text(issue.replace("\nsections:", "\nextra: [周口日报社]\n\nsections:", 1), encoding="utf-8")
        self.write_units({"units": [{"name": n, "email": a if len(a) > 1 else a[0]} for n, a in UNITS.items()]})

    @property
    def issue(self) -> Path:
        return self.dir / ISSUE

    @property
    def pdf(self) -> Path:
        return self.out / PDF_NAME

    def write_units(self, data) -> None:
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (self.dir / "units.yaml").write_text(text, encoding="utf-8")

    def set_mail(self, port: int, security: str = "none", **extra) -> None:
        """Write mail: into bulletin.yaml, then build the PDF into out/ as `bulletin build` does."""
        config = (SAMPLE / "bulletin.yaml").read_text(encoding="utf-8")
        settings = {"host": "127.0.0.1", "port": port, "security": security,
                    "sender": "周口市文明办 <jianbao@example.cn>", **extra}
        (self.dir / "bulletin.yaml").write_text(
            config + "\n" + yaml.safe_dump({"mail": settings}, allow_unicode=True, sort_keys=False),
            encoding="utf-8")
        # Settings that tests make invalid on purpose fail this build; the tests then check that.
        [self.built] = build_all([self.issue], BuildOptions(self.out))

    def log_rows(self):
        with sqlite3.connect(log_path(self.dir)) as db:
            return db.execute("SELECT unit, address, result, reply, message_id FROM sends ORDER BY unit, address"
                              ).fetchall()


@pytest.fixture
def bulletin(tmp_path, monkeypatch) -> Bulletin:
    monkeypatch.delenv("BULLETIN_SMTP_PASSWORD", raising=False)
    return Bulletin(tmp_path)


def run(bulletin: Bulletin, *, to=None, dry_run=False, ca_file=None, **options):
    """run_mail as the command runs it; returns (exit status, stdout text, stderr text)."""
    out, err = io.StringIO(), io.StringIO()
    status = run_mail(bulletin.issue, bulletin.out, to, dry_run, ca_file,
                      console=Console(file=out, width=200), errors=Console(file=err, width=200),
                      **{**FAST, **options})
    return status, out.getvalue(), err.getvalue()


def assert_delivered(bulletin: Bulletin, received, units=UNITS, subject=SUBJECT):
    """One message per unit, addressed to that unit only, with the PDF attached under its Chinese name."""
    assert sorted(sorted(rcpt) for rcpt, _ in received) == sorted(sorted(a) for a in units.values())
    for rcpt, message in received:
        unit = next(name for name, addresses in units.items() if sorted(addresses) == sorted(rcpt))
        to = message["To"].addresses
        assert sorted(a.addr_spec for a in to) == sorted(rcpt)
        assert {a.display_name for a in to} == {unit}
        assert message["From"].addresses[0].display_name == "周口市文明办"
        assert message["From"].addresses[0].addr_spec == "jianbao@example.cn"
        assert message["Subject"] == subject
        assert message["Message-ID"].endswith("@example.cn>")
        assert message["Date"].datetime is not None
        assert unit in message.get_body(("plain",)).get_content()
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == PDF_NAME
        assert attachment.get_content() == bulletin.pdf.read_bytes()


# ---------------------------------------------------------------- sending


def test_plain_server_every_unit_once_and_a_second_run_sends_nothing(bulletin):
    handler = Recorder()
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        status, out, err = run(bulletin)
        assert status == 0, out + err
        assert_delivered(bulletin, handler.parsed())
        raw = handler.messages[0][1]
        assert b"filename*=utf-8''%E5%91%A8%E5%8F%A3" in raw  # RFC 2231, as the issue asks
        assert b'name="=?utf-8?b?' in raw  # and RFC 2047 in Content-Type for older Outlook
        assert MISSING in err and "units.yaml" in err  # reported by name
        assert "本次发送成功 5 个单位" in out
        assert {row[2] for row in bulletin.log_rows()} == {"sent"}
        assert len(bulletin.log_rows()) == 6  # one row per address

        status, out, err = run(bulletin)
        assert status == 0
        assert len(handler.messages) == 5
        assert "已全部发送" in out


def test_starttls_with_auth_login_and_own_ca(bulletin, certs, monkeypatch):
    monkeypatch.setenv("BULLETIN_SMTP_PASSWORD", PASSWORD)
    handler = Recorder()
    with Server(handler, certs, security="starttls", auth="LOGIN") as server:
        bulletin.set_mail(server.port, "starttls", username=USER)
        status, out, err = run(bulletin, ca_file=certs["ca"])
    assert status == 0, out + err
    assert_delivered(bulletin, handler.parsed())
    assert handler.logins and all(login == ("LOGIN", USER, True) for login in handler.logins)
    assert PASSWORD not in out + err
    assert PASSWORD.encode() not in log_path(bulletin.dir).read_bytes()


def test_ssl_with_auth_plain_and_ca_file_in_settings(bulletin, certs, monkeypatch):
    monkeypatch.setenv("BULLETIN_SMTP_PASSWORD", PASSWORD)
    shutil.copy(certs["ca"], bulletin.dir / "office-ca.pem")
    handler = Recorder()
    with Server(handler, certs, security="ssl", auth="PLAIN") as server:
        bulletin.set_mail(server.port, "ssl", username=USER, ca_file="office-ca.pem")
        status, out, err = run(bulletin, to=["省文明办", "市委、市人大、市政府、市政协领导"])
    assert status == 0, out + err
    wanted = {k: UNITS[k] for k in ("省文明办", "市委、市人大、市政府、市政协领导")}
    assert_delivered(bulletin, handler.parsed(), wanted)
    assert handler.logins and all(login == ("PLAIN", USER, True) for login in handler.logins)


def test_certificate_is_verified(bulletin, certs):
    handler = Recorder()
    with Server(handler, certs, security="ssl") as server:
        bulletin.set_mail(server.port, "ssl")
        status, out, err = run(bulletin)  # the test CA is not trusted unless named
    assert status == 2
    assert "证书" in err and "--ca-file" in err
    assert handler.messages == []
    assert not any(row[2] == "sent" for row in bulletin.log_rows())


def test_wrong_password_is_a_clear_error_and_nothing_is_marked_sent(bulletin, certs, monkeypatch):
    monkeypatch.setenv("BULLETIN_SMTP_PASSWORD", "wrong-" + PASSWORD)
    handler = Recorder()
    with Server(handler, certs, security="starttls", auth="PLAIN") as server:
        bulletin.set_mail(server.port, "starttls", username=USER)
        status, out, err = run(bulletin, ca_file=certs["ca"])
    assert status == 2
    assert "用户名或密码不对" in err and "BULLETIN_SMTP_PASSWORD" in err and "535" in err
    assert "Traceback" not in out + err and PASSWORD not in out + err
    assert handler.messages == [] and handler.logins[0][2] is False
    assert bulletin.log_rows() == []


def test_missing_password_stops_before_connecting(bulletin):
    bulletin.set_mail(free_port(), "starttls", username=USER)
    status, out, err = run(bulletin)
    assert status == 2
    assert "BULLETIN_SMTP_PASSWORD" in err and "mail.username" in err
    assert not log_path(bulletin.dir).exists()


def test_a_rejected_recipient_is_recorded_with_the_reply_and_sent_on_a_later_run(bulletin):
    handler = Recorder(reject={"chengyuan@example.cn"})
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        status, out, err = run(bulletin)
        assert status == 1
        assert "市文明委各成员单位" in err and "550 5.1.1" in err and "User unknown" in err
        assert len(handler.messages) == 4
        failed = [row for row in bulletin.log_rows() if row[2] == "failed"]
        assert [(row[0], row[1]) for row in failed] == [("市文明委各成员单位", "chengyuan@example.cn")]
        assert "550" in failed[0][3]

        handler.reject.clear()  # the unit's mailbox is fixed; run again
        status, out, err = run(bulletin)
        assert status == 0, out + err
    assert_delivered(bulletin, handler.parsed())  # still exactly one message per unit


def test_one_of_two_addresses_rejected(bulletin):
    handler = Recorder(reject={"ld2@example.cn"})
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        status, out, err = run(bulletin, to=["市委、市人大、市政府、市政协领导"])
        assert status == 1
        [(rcpt, _, _)] = handler.messages
        assert rcpt == ["ld1@example.cn"]
        handler.reject.clear()
        assert run(bulletin)[0] == 0
    leaders = [rcpt for rcpt, _, _ in handler.messages if "example.cn" in rcpt[0] and rcpt[0].startswith("ld")]
    assert leaders == [["ld1@example.cn"], ["ld2@example.cn"]]  # ld1 not sent twice


def test_connection_dropped_midway_then_resume_without_duplicates(bulletin):
    handler = Recorder(drop=lambda n: n >= 3)  # accepts two messages, then drops every DATA
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        status, out, err = run(bulletin)
        assert status == 1
        assert len(handler.messages) == 2
        assert "连接中断" in err
        assert handler.data_calls == 2 + 3 * (FAST["retries"] + 1)  # each later unit: tried, retried, given up

        handler.drop = None
        status, out, err = run(bulletin)
        assert status == 0, out + err
        assert "之前已发送 2 个" in out
    assert_delivered(bulletin, handler.parsed())  # every unit exactly once over both runs


def test_server_gone_midway_stops_and_the_next_run_sends_the_rest(bulletin):
    handler = Recorder()
    port = free_port()
    first = Server(handler, port=port)

    def gone(n):  # the third message: the server goes away for good
        if n == 3:
            first.controller.loop.call_soon(first.controller.server.close)
            return True
        return False

    handler.drop = gone
    bulletin.set_mail(port)
    with first:
        status, out, err = run(bulletin)
    assert status == 1
    assert "无法连接邮件服务器" in err and "尚未发送" in err
    assert len(handler.messages) == 2

    handler.drop = None
    with Server(handler, port=port):
        status, out, err = run(bulletin)
    assert status == 0, out + err
    assert_delivered(bulletin, handler.parsed())


def test_temporary_failures_are_retried(bulletin):
    handler = Recorder(tempfail=2)
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        status, out, err = run(bulletin)
    assert status == 0, out + err
    assert handler.data_calls == 7
    assert_delivered(bulletin, handler.parsed())


def test_interrupted_run_resumes_with_the_same_message_id(bulletin, monkeypatch):
    handler = Recorder()
    real_send = mail_module.Mailer.send
    calls = []

    def interrupted(self, addresses, data):
        calls.append(addresses)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_send(self, addresses, data)

    with Server(handler) as server:
        bulletin.set_mail(server.port)
        monkeypatch.setattr(mail_module.Mailer, "send", interrupted)
        status, out, err = run(bulletin)
        assert status == 1 and "中断" in err
        assert len(handler.messages) == 2
        sending = [row for row in bulletin.log_rows() if row[2] == "sending"]
        assert len(sending) == 1
        monkeypatch.setattr(mail_module.Mailer, "send", real_send)
        status, out, err = run(bulletin)
        assert status == 0, out + err
    assert_delivered(bulletin, handler.parsed())
    resent = [m for _, m in handler.parsed() if sending[0][1] in m["To"]]
    assert resent[0]["Message-ID"] == sending[0][4]


def test_rate_limit_spaces_messages(bulletin):
    handler = Recorder()
    with Server(handler) as server:
        bulletin.set_mail(server.port, rate_limit=600)  # one every 0.1 s
        assert run(bulletin)[0] == 0
    times = [t for _, _, t in handler.messages]
    # Arrival times at the server lag the client's send times unevenly: a loose lower bound
    # that the limiter was in force (without it, five messages arrive within a few ms).
    assert len(times) == 5 and times[-1] - times[0] >= 0.25


def test_rate_limiter_waits_only_when_needed():
    now, slept = [0.0], []
    limiter = RateLimiter(30, lambda: now[0], lambda s: (slept.append(s), now.__setitem__(0, now[0] + s)))
    limiter.wait()
    now[0] += 0.5
    limiter.wait()
    now[0] += 10
    limiter.wait()
    assert slept == [1.5]
    assert RateLimiter(None, time.monotonic, slept.append).interval == 0


def test_templates_use_the_issue_fields(bulletin):
    handler = Recorder()
    with Server(handler) as server:
        bulletin.set_mail(server.port, subject="【{{ publisher }}】{{ name }}{{ label }}（{{ unit }}）",
                          body="{{ unit }}{% if contact %}（{{ contact }}）{% endif %}：\n请查收 {{ file }}，"
                               "共 {{ articles|length }} 篇。\n")
        status, out, err = run(bulletin, to=["省文明办"])
    assert status == 0, out + err
    [(_, message)] = handler.parsed()
    assert message["Subject"] == "【周口市文明办】周口精神文明建设简报第17期（省文明办）"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith(f"省文明办：\n请查收 {PDF_NAME}，共 ")


def test_default_body_lists_the_contents(bulletin):
    plan = plan_mail(bulletin.issue, bulletin.out)
    body = plan.outgoing[0].body
    assert body.startswith("省文明办：")
    assert "《周口精神文明建设简报》2023年第17期（2023年6月20日）" in body
    assert "【工作动态】" in body and "全市大走访活动现场会" in body
    assert body.rstrip().endswith("周口市文明办")


# ---------------------------------------------------------------- dry run, --to, PDF


def test_dry_run_shows_the_table_and_sends_nothing(bulletin):
    handler = Recorder()
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        bulletin.pdf.unlink()
        status, out, err = run(bulletin, dry_run=True)
    assert status == 0
    for unit, addresses in UNITS.items():
        assert unit in out and all(a in out for a in addresses)
    assert SUBJECT in out and MISSING in out and "待发送" in out and "尚未生成" in out
    assert "没有发送任何邮件" in out
    assert handler.messages == []
    assert not (bulletin.dir / ".bulletin").exists() and not bulletin.pdf.exists()


def test_dry_run_after_sending_shows_what_was_sent(bulletin):
    handler = Recorder()
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        run(bulletin, to=["省文明办"])
        status, out, err = run(bulletin, dry_run=True)
    assert status == 0
    assert "已发送" in out and "其中 4 个待发送" in out


def test_unknown_to_is_bad_input(bulletin):
    bulletin.set_mail(free_port())
    status, out, err = run(bulletin, to=["省文明"])
    assert status == 2
    assert "--to" in err and "省文明办" in err


def test_builds_the_pdf_when_missing(bulletin):
    handler = Recorder()
    with Server(handler) as server:
        bulletin.set_mail(server.port)
        bulletin.pdf.unlink()
        status, out, err = run(bulletin, to=["周口日报社"])
    assert status == 0, out + err
    assert "正在生成 PDF" in out and bulletin.pdf.is_file()
    assert_delivered(bulletin, handler.parsed(), {"周口日报社": UNITS["周口日报社"]})


def test_pdf_built_from_other_content_is_outdated(bulletin):
    bulletin.set_mail(free_port())
    issue = load_issue(bulletin.issue)
    assert pdf_state(issue, bulletin.pdf) == "current"
    bulletin.issue.write_text(bulletin.issue.read_text(encoding="utf-8").replace("6月12日", "6月13日"),
                              encoding="utf-8")
    assert pdf_state(issue, bulletin.pdf) == "outdated"
    assert pdf_state(issue, bulletin.out / "none.pdf") == "missing"


# ---------------------------------------------------------------- bad input


def errors_for(bulletin: Bulletin) -> str:
    status, out, err = run(bulletin, dry_run=True)
    assert status == 2, out + err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("address, hint", [
    ("sheng@example", "格式不对"),
    ("sheng＠example.cn", "半角"),
    ("sheng@example.cn，b@example.cn", "列表"),
    ("省文明办", "缺少 @"),
])
def test_malformed_address_names_file_line_and_key(bulletin, address, hint):
    bulletin.write_units(f"units:\n  - name: 省文明办\n    email: {address}\n")
    err = errors_for(bulletin)
    assert "units.yaml" in err and "第 3 行" in err and "units[0].email" in err and hint in err


def test_address_in_a_list_points_at_its_line(bulletin):
    bulletin.write_units("units:\n  - name: 省文明办\n    email:\n      - a@example.cn\n      - b@example\n")
    err = errors_for(bulletin)
    assert "第 5 行" in err and "units[0].email[1]" in err


def test_units_file_problems(bulletin):
    bulletin.write_units("units:\n  - name: 省文明办\n    email: a@example.cn\n  - name: 省文明办\n"
                         "    email: b@example.cn\n")
    err = errors_for(bulletin)
    assert "重复" in err and "第 4 行" in err
    (bulletin.dir / "units.yaml").unlink()
    err = errors_for(bulletin)
    assert "找不到 units.yaml" in err
    bulletin.write_units("units:\n  - name: 周口日报社\n    emial: c@example.cn\n")
    err = errors_for(bulletin)
    assert "emial" in err and "email" in err


def test_password_in_the_file_is_refused(bulletin):
    bulletin.set_mail(free_port(), password="123456")
    err = errors_for(bulletin)
    line = (bulletin.dir / "bulletin.yaml").read_text(encoding="utf-8").splitlines().index("  password: '123456'") + 1
    assert "bulletin.yaml" in err and f"第 {line} 行" in err and "mail.password" in err
    assert "BULLETIN_SMTP_PASSWORD" in err
    assert "123456" not in err


def test_bad_settings(bulletin):
    bulletin.set_mail(free_port(), security="tls", sender="文明办")
    err = errors_for(bulletin)
    assert "mail.security" in err and "starttls" in err
    assert "mail.sender" in err and "<jianbao@example.cn>" in err


def test_template_errors_name_the_key(bulletin):
    bulletin.set_mail(free_port(), subject="{{ nmae }}")
    err = errors_for(bulletin)
    assert "mail.subject" in err and "nmae" in err and "可用的字段" in err and "第 " in err
    bulletin.set_mail(free_port(), body="{% if unit %}没有结束")
    err = errors_for(bulletin)
    assert "mail.body" in err and "模板写法有误" in err


def test_sandbox_refuses_unsafe_templates(bulletin):
    bulletin.set_mail(free_port(), subject="{{ name.__class__.__mro__ }}")
    with pytest.raises(ContentError):
        plan_mail(bulletin.issue, bulletin.out)


def test_no_mail_settings(bulletin):
    bulletin.out.mkdir()
    status, out, err = run(bulletin)
    assert status == 2 and "mail:" in err and "BULLETIN_SMTP_PASSWORD" in err
    status, out, err = run(bulletin, dry_run=True)  # the table still shows, with a reminder
    assert status == 0 and "mail:" in err


def test_nothing_to_send_is_bad_input(bulletin):
    bulletin.set_mail(free_port())
    status, out, err = run(bulletin, to=[MISSING])
    assert status == 2 and "都没有邮箱" in err


def test_unusable_ca_file(bulletin, tmp_path):
    bulletin.set_mail(free_port(), "ssl")
    status, out, err = run(bulletin, ca_file=tmp_path / "no-such-ca.pem")
    assert status == 2 and "--ca-file" in err and "no-such-ca.pem" in err
    (tmp_path / "broken.pem").write_text("not a certificate")
    status, out, err = run(bulletin, ca_file=tmp_path / "broken.pem")
    assert status == 2 and "证书文件" in err and "PEM" in err


def test_one_run_at_a_time(bulletin):
    with SendLog.open(bulletin.dir):
        with pytest.raises(ContentError, match="正在发送"):
            SendLog.open(bulletin.dir)
    SendLog.open(bulletin.dir).close()


def test_command_line(bulletin):
    bulletin.set_mail(free_port())
    runner = CliRunner()
    result = runner.invoke(app, ["mail", str(bulletin.issue), "--dry-run", "-o", str(bulletin.out)])
    assert result.exit_code == 0, result.output
    assert "省文明办" in result.output
    result = runner.invoke(app, ["mail", "--help"])
    assert result.exit_code == 0 and "--password" not in result.output and "BULLETIN_SMTP_PASSWORD" in result.output
    result = runner.invoke(app, ["mail", str(bulletin.dir), "--dry-run"])
    assert result.exit_code == 2
