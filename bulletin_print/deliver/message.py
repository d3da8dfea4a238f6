"""One email per unit: subject and body from Jinja2 templates, the PDF attached.

Templates run in a sandbox with strict undefined names, so a typo in bulletin.yaml is an
error naming the field, not an empty gap in forty emails.
"""

from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, make_msgid

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..diagnostics import ContentError, Diagnostic
from ..layout.dates import format_date, issue_label, issue_title
from ..model import BULLETIN_FILE, Issue
from ..model.source import read_yaml
from ..model.units import MailSettings, Unit

DEFAULT_SUBJECT = "{{ title }}"
DEFAULT_BODY = """\
{{ unit }}：

现将《{{ name }}》{{ year }}年{{ label }}（{{ date }}）发给你们，请查收附件“{{ file }}”。

本期目录：
{% for section in sections %}
【{{ section.title }}】
{% for article in section.articles %}
    {{ article }}
{% endfor %}
{% endfor %}

{{ publisher }}
"""

# Generated with CRLF line ends, as SMTP wants them; compat32 keeps parameters exactly as set.
_POLICY = compat32.clone(linesep="\r\n")


def template_fields(issue: Issue, unit: Unit, file_name: str) -> dict:
    """What subject and body templates may use."""
    content, bulletin = issue.content, issue.bulletin
    sections = [{"title": s.title, "articles": [a.listed_title for a in s.articles]} for s in issue.sections]
    return {
        "name": bulletin.name,
        "publisher": bulletin.publisher,
        "title": issue_title(bulletin.name, issue.date.year, issue.number, content.kind),
        "issue": issue.number,
        "number": issue.number,
        "total": content.total,
        "kind": content.kind or "",
        "label": issue_label(issue.number, content.kind),
        "year": issue.date.year,
        "date": format_date(issue.date, bulletin.date_style),
        "date_iso": issue.date.isoformat(),
        "unit": unit.name,
        "contact": unit.contact or "",
        "file": file_name,
        "sections": sections,
        "articles": [title for section in sections for title in section["articles"]],
    }


class Templates:
    """The subject and body templates of a bulletin, compiled once."""

    def __init__(self, issue: Issue, settings: MailSettings | None):
        self.issue = issue
        self.env = SandboxedEnvironment(
            autoescape=False, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
        subject = settings.subject if settings and settings.subject else DEFAULT_SUBJECT
        body = settings.body if settings and settings.body else DEFAULT_BODY
        self.subject = self._compile("subject", subject)
        self.body = self._compile("body", body)

    def render(self, unit: Unit, file_name: str) -> tuple[str, str]:
        fields = template_fields(self.issue, unit, file_name)
        subject = " ".join(self._render("subject", self.subject, fields).split())
        if not subject:
            raise self._error("subject", "邮件主题套用模板后是空的，请写上主题，例如 {{ title }}")
        return subject, self._render("body", self.body, fields)

    def _compile(self, key: str, text: str) -> jinja2.Template:
        try:
            return self.env.from_string(text)
        except jinja2.TemplateSyntaxError as error:
            raise self._error(key, f"模板写法有误（模板第 {error.lineno} 行：{error.message}）。"
                                   f"字段写成 {{{{ name }}}} 这样，用双花括号括起来") from None

    def _render(self, key: str, template: jinja2.Template, fields: dict) -> str:
        try:
            return template.render(fields)
        except jinja2.UndefinedError as error:
            available = "、".join(fields)
            raise self._error(key, f"模板中用到的字段不存在（{error.message}）；可用的字段有：{available}") from None
        except jinja2.TemplateError as error:
            raise self._error(key, f"模板无法套用：{error}") from None

    def _error(self, key: str, message: str) -> ContentError:
        path = self.issue.bulletin_dir / BULLETIN_FILE
        try:
            line = read_yaml(path).line_of(("mail", key))
        except ContentError:
            line = None
        return ContentError([Diagnostic(message, path, line, f"mail.{key}")])


def build_message(settings: MailSettings, unit_name: str, addresses: list[str], subject: str, body: str,
                  pdf: bytes, file_name: str, message_id: str) -> bytes:
    """The message as it goes on the wire: To names this unit only; the PDF's Chinese name
    in RFC 2231 form (Content-Disposition filename*) and, for older Outlook, as an RFC 2047
    encoded word in the Content-Type name."""
    message = MIMEMultipart()
    message["From"] = formataddr((settings.sender_name, settings.sender_address), charset="utf-8")
    message["To"] = ", ".join(formataddr((unit_name, address), charset="utf-8") for address in addresses)
    message["Subject"] = Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id
    message.attach(MIMEText(body, "plain", "utf-8"))
    attachment = MIMEApplication(pdf, "pdf")
    attachment.set_param("name", Header(file_name, "utf-8").encode(maxlinelen=998))
    attachment.add_header("Content-Disposition", "attachment", filename=("utf-8", "", file_name))
    message.attach(attachment)
    return message.as_bytes(policy=_POLICY)


def new_message_id(settings: MailSettings) -> str:
    """<…@sender's domain>: no DNS look-up of our own host name."""
    return make_msgid("bulletin", domain=settings.sender_address.rpartition("@")[2])
