"""Where readers send a new record or a correction: one setting (`corrections`), three kinds of channel.

- a GitHub repository (`github:OWNER/REPO` or `https://github.com/OWNER/REPO`): its issue forms
  (.github/ISSUE_TEMPLATE/), opened with the form's fields filled in as query parameters;
- an e-mail address (`mailto:NAME@HOST` or `NAME@HOST`): a mailto: link whose body holds the same
  fields as the issue form, in the same "### Label" layout, so an editor can save the mail and run
  `build.py import-submission` on it;
- any other web address: a web form of the publisher's own, linked as it is (its fields are its own).

The fields are defined once here (SUBMISSION_FIELDS, CORRECTION_FIELDS): the issue forms, the mailto
bodies and the submission reader all follow them, and a test holds the issue forms to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

GITHUB, EMAIL, WEB = "github", "email", "web"
NEW_RECORD_FORM = "usulan-catatan.yml"  # .github/ISSUE_TEMPLATE/ file names
CORRECTION_FORM = "koreksi.yml"
SUBMISSION_LABEL = "usulan-catatan"  # the label the new-record form sets; the dry-run workflow looks for it
ACCEPTED_LABEL = "diterima"  # the label an editor adds to have the data change opened as a pull request

_REPO = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}"
_GITHUB_SHORT = re.compile(rf"github:({_REPO})")
_GITHUB_URL = re.compile(rf"https://github\.com/({_REPO}?)(?:\.git)?(?:/issues(?:/new(?:/choose)?)?)?/?", re.I)
_EMAIL = re.compile(r"(?:mailto:)?([^\s@?:/<>\"',;]+@[^\s@?:/<>\"',;]+\.[A-Za-z]{2,})", re.I)
_WEB = re.compile(r"https://[^\s/$.?#][^\s<>\"]*", re.I)


@dataclass(frozen=True)
class SubmissionField:
    """One field of the new-record form: its id (the import column), its label, and whether it is needed."""

    id: str
    label: str
    required: bool = False
    help: str = ""  # what to write, as the issue form and /kirim/ say it


# The new-record form: import columns (model/fields.AWARD_IMPORT), as a unit's staff name them.
SUBMISSION_FIELDS = (
    SubmissionField("unit", "Nama unit kerja", True, "Nama lengkap unit seperti tertulis di sumber."),
    SubmissionField("institution", "Instansi (K/L/Pemda)", True,
                    "Kementerian, lembaga, atau pemerintah daerah yang membawahkan unit."),
    SubmissionField("predicate", "Predikat", True, "WBK atau WBBM, seperti disebut sumber."),
    SubmissionField("year", "Tahun predikat",
                    help="Tahun yang disebut sumber. Kosongkan bila sumber tidak menyebutnya; tahun tidak ditebak."),
    SubmissionField("province", "Provinsi", help="Provinsi tempat unit berada."),
    SubmissionField("city", "Kabupaten/kota", help="Misalnya Kabupaten Gresik atau Kota Surabaya."),
    SubmissionField("source_url", "Tautan sumber", True,
                    "Alamat web sumber yang menyebut unit, predikat, dan tahunnya, diawali https://."),
    SubmissionField("source_title", "Judul sumber", help="Judul keputusan, siaran pers, atau berita itu."),
    SubmissionField("source_kind", "Jenis sumber", True,
                    "resmi (keputusan, lampirannya, siaran pers atau situs instansi pemberi predikat atau instansi "
                    "unit) atau berita (laporan media)."),
    SubmissionField("set_by", "Ditetapkan oleh",
                    help="KemenPANRB, instansi yang menetapkan sendiri, atau kosong bila sumber tidak menyebutnya."),
    SubmissionField("note", "Catatan", help="Keterangan lain dari sumber, misalnya tanggal penyerahan."),
)
# The correction form: which unit, what is wrong, and the source that says otherwise.
CORRECTION_FIELDS = (
    SubmissionField("unit_id", "Kode unit", True, "Terisi otomatis dari halaman unit."),
    SubmissionField("unit_url", "Alamat halaman unit", help="Terisi otomatis dari halaman unit."),
    SubmissionField("correction", "Apa yang keliru atau kurang", True,
                    "Sebutkan bagian yang keliru dan isi yang benar menurut sumber."),
    SubmissionField("source_url", "Tautan sumber", True, "Alamat web sumber yang mendukung koreksi."),
    SubmissionField("source_title", "Judul sumber", help="Judul keputusan, siaran pers, atau berita itu."),
)


@dataclass(frozen=True)
class Channel:
    """A configured channel: its kind and its address (a repository, an e-mail address, a web form)."""

    kind: str
    address: str

    @property
    def description(self) -> str:
        """How the /kirim/ page names the channel, in formal Indonesian."""
        return {GITHUB: "formulir isu di repositori GitHub registri (memerlukan akun GitHub)",
                EMAIL: f"surel ke {self.address}",
                WEB: "formulir daring penerbit registri"}[self.kind]

    def new_record_link(self) -> str:
        """Where to send a new record: the new-record issue form, a prefilled e-mail, or the web form."""
        if self.kind == GITHUB:
            return self._issue_link(NEW_RECORD_FORM, {"title": "Usulan catatan: "})
        if self.kind == EMAIL:
            return mailto(self.address, "Usulan catatan baru", form_body(SUBMISSION_FIELDS, {}))
        return self.address

    def correction_link(self, unit_id: str, unit_url: str) -> str:
        """Where to send a correction of one unit, with its id and page address filled in."""
        filled = {"unit_id": unit_id, "unit_url": unit_url}
        if self.kind == GITHUB:
            return self._issue_link(CORRECTION_FORM, {"title": f"Koreksi: {unit_id}", **filled})
        if self.kind == EMAIL:
            return mailto(self.address, f"Koreksi: {unit_id}", form_body(CORRECTION_FIELDS, filled))
        return self.address

    def _issue_link(self, form: str, fields: dict[str, str]) -> str:
        """A new-issue address of the repository, opening one issue form with fields filled (GitHub reads them
        from the query by the form's field ids)."""
        query = urlencode({"template": form, **fields}, quote_via=quote)
        return f"https://github.com/{self.address}/issues/new?{query}"


def channel_view(channel: Channel | None) -> dict | None:
    """What templates show of the channel: plain text and links, or None when the deploy has none."""
    if channel is None:
        return None
    return {"kind": channel.kind, "description": channel.description, "new_record": channel.new_record_link()}


def form_body(fields: tuple[SubmissionField, ...], filled: dict[str, str]) -> str:
    """The fields as GitHub writes an issue form's body ("### Label", a blank line, the answer)."""
    return "\n\n".join(f"### {f.label}\n\n{filled.get(f.id, '')}" for f in fields) + "\n"


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: link with its subject and body encoded (RFC 6068)."""
    return f"mailto:{address}?{urlencode({'subject': subject, 'body': body}, quote_via=quote)}"


def parse_channel(value: str) -> Channel | None:
    """The channel a `corrections` value names, or None when it names none of the three kinds."""
    text = value.strip()
    for pattern in (_GITHUB_SHORT, _GITHUB_URL):
        match = pattern.fullmatch(text)
        if match and match.group(1).count("/") == 1:
            return Channel(GITHUB, match.group(1))
    match = _EMAIL.fullmatch(text)
    if match:
        return Channel(EMAIL, match.group(1))
    if _WEB.fullmatch(text):
        return Channel(WEB, text)
    return None


CHANNEL_HINT = ("write github:OWNER/REPO (the repository's issue forms), mailto:name@example.org, or a web "
                "form's address starting with https://")
