"""Console commands for certificates, the register, QR checks and the round's papers.

* ``certificates --decision ID | --year Y --title T [--village V] --out FILE.pdf --passphrase-file F``
  issues (numbers once) and prints; ``--year Y --number N…`` prints chosen register entries
  (reprints included);
* ``reprint-certificate --year Y --number N… --reason TEXT`` records a reprint;
* ``print-register --year Y --out FILE.pdf``;
* ``verify-certificate "<QR text>" [--pubkey FILE]`` — 0 authentic, 1 not (the reason in
  Vietnamese), 2 a bad key file;
* ``papers decision|scoring-sheet|registration|registration-form|register``.

Exit codes: 0 done, 1 refused (validation), 2 a usage, file or key problem (wrong passphrase…).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import paths as app_paths
from app.cli import command, console_progress, emit_json, open_db
from app.i18n import _

_TITLE_CODES = ("GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN")


class _Usage(Exception):
    pass


def _run(handler, args: argparse.Namespace) -> int:
    from app.crypto.keys import KeyProblem
    from app.printing.templates import TemplateError
    from app.services.errors import NotFound, ValidationFailed

    try:
        return handler(args)
    except ValidationFailed as exc:
        for p in exc.problems:
            print(p.message, file=sys.stderr)
        return 1
    except NotFound as exc:
        print(_("Không tìm thấy: {what}.").format(what=exc), file=sys.stderr)
        return 2
    except TemplateError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except (KeyProblem, _Usage, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _village(db, text: str | None) -> int | None:
    from app.services.decisions import find_village

    if not text:
        return None
    vid = find_village(db, text)
    if vid is None:
        raise _Usage(_("Không có thôn, bản “{name}”.").format(name=text))
    return vid


def _write(path: str, data: bytes) -> None:
    Path(path).write_bytes(data)
    print(_("Đã ghi {file}.").format(file=path), file=sys.stderr)


def _entry_ids(db, year: int, numbers: list[int]) -> list[int]:
    from app.services.certificates import register_entries

    by_number = {e.number: e.id for e in register_entries(db, year)}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise _Usage(_("Sổ năm {year} không có số {numbers}.").format(year=year, numbers=", ".join(map(str, missing))))
    return [by_number[n] for n in numbers]


# ---------------------------------------------------------------- certificates


def _configure_certificates(p: argparse.ArgumentParser) -> None:
    p.add_argument("--decision", type=int, metavar="ID", help=_("số (id) của quyết định công nhận"))
    p.add_argument("--year", type=int, help=_("năm công nhận"))
    p.add_argument("--title", choices=_TITLE_CODES, help=_("danh hiệu"))
    p.add_argument("--village", metavar=_("THÔN"), help=_("chỉ in giấy của một thôn, bản (tên, mã hoặc số)"))
    p.add_argument("--number", type=int, action="append", metavar="N",
                   help=_("in lại giấy đã có số vào sổ N của năm --year (lặp lại được)"))
    p.add_argument("--out", required=True, metavar=_("TỆP.pdf"), help=_("tệp PDF sẽ ghi"))
    p.add_argument("--passphrase-file", metavar=_("TỆP"), help=_("tệp chứa mật khẩu khóa ký của xã"))
    p.add_argument("--size", choices=("A4", "A5"), help=_("khổ giấy (mặc định theo mẫu)"))
    p.add_argument("--no-border", action="store_true", help=_("không in viền (giấy đã in sẵn viền)"))
    p.add_argument("--by", default="", help=_("người cấp (ghi vào nhật ký)"))
    p.add_argument("--json", action="store_true", help=_("in danh sách đã cấp dạng JSON"))


@command("certificates", _("Cấp và in giấy công nhận (có mã QR ký bằng khóa của xã) của một quyết định, hoặc của "
                           "một danh hiệu trong năm (một thôn), vào một tệp PDF."), _configure_certificates)
def cmd_certificates(args: argparse.Namespace) -> int:
    return _run(_certificates, args)


def _certificates(args: argparse.Namespace) -> int:
    from app.crypto.keys import read_passphrase_file
    from app.services.certificates import certificate_pdf, get_entries, print_certificates

    paths, db = app_paths.current(), open_db()
    passphrase = read_passphrase_file(args.passphrase_file) if args.passphrase_file else None
    options = {"page_size": args.size, "border": False if args.no_border else None,
               "report": console_progress(_("Đang in"))}
    if args.number:
        if args.year is None:
            raise _Usage(_("--number cần --year."))
        ids = _entry_ids(db, args.year, args.number)
        _write(args.out, certificate_pdf(db, paths, ids, passphrase, by=args.by, **options))
        entries, new = get_entries(db, ids), 0
    else:
        if args.decision is None and (args.year is None or args.title is None):
            raise _Usage(_("Chọn --decision ID, hoặc --year và --title."))
        if passphrase is None:
            raise _Usage(_("Cần --passphrase-file: mã QR được ký bằng khóa của xã."))
        result = print_certificates(db, paths, passphrase, args.decision, year=args.year, title_code=args.title,
                                    village_id=_village(db, args.village), by=args.by, **options)
        _write(args.out, result.pdf)
        entries, new = list(result.entries), result.new
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(_("{n} giấy công nhận: {new} số mới vào sổ, {old} đã có số.").format(
        n=len(entries), new=new, old=len(entries) - new), file=sys.stderr)
    if args.json:
        emit_json([{"year": e.year, "number": e.number, "title": e.title_code, "recipient": e.recipient,
                    "village": e.village, "decision": e.decision_number, "reprints": e.reprint_count,
                    "qr": e.qr_text} for e in entries])
    return 0


def _configure_reprint(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help=_("năm của sổ"))
    p.add_argument("--number", type=int, action="append", required=True, metavar="N",
                   help=_("số vào sổ (lặp lại được)"))
    p.add_argument("--reason", required=True, help=_("lý do cấp lại (bắt buộc): bị mất, bị hỏng…"))
    p.add_argument("--by", default="", help=_("người cấp lại"))


@command("reprint-certificate", _("Ghi việc cấp lại giấy công nhận (giữ số vào sổ, ghi lý do); in lại bằng lệnh "
                                  "certificates --year Y --number N."), _configure_reprint)
def cmd_reprint(args: argparse.Namespace) -> int:
    return _run(_reprint, args)


def _reprint(args: argparse.Namespace) -> int:
    from app.services.certificates import reprint

    db = open_db()
    for e in reprint(db, _entry_ids(db, args.year, args.number), args.reason, args.by):
        print(_("Số {number}/{year} ({name}): cấp lại lần {count}.").format(
            number=e.number, year=e.year, name=e.recipient, count=e.reprint_count), file=sys.stderr)
    return 0


def _configure_register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help=_("năm của sổ"))
    p.add_argument("--out", required=True, metavar=_("TỆP.pdf"), help=_("tệp PDF sẽ ghi"))


@command("print-register", _("In sổ cấp giấy công nhận của một năm (PDF)."), _configure_register)
def cmd_print_register(args: argparse.Namespace) -> int:
    from app.services.certificate_papers import register_pdf

    return _run(lambda a: _write(a.out, register_pdf(open_db(), a.year)) or 0, args)


def _configure_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", metavar=_("MÃ_QR"), help=_("nội dung mã QR đã quét"))
    p.add_argument("--pubkey", metavar=_("TỆP.pub"),
                   help=_("tệp khóa công khai của xã đã cấp (mặc định: các khóa trong thư mục dữ liệu)"))


@command("verify-certificate", _("Kiểm tra mã QR của giấy công nhận: xác thực hay không, và vì sao."),
         _configure_verify)
def cmd_verify_certificate(args: argparse.Namespace) -> int:
    from app.printing.commands import verify_certificate_command

    streams = {"out": sys.stdout, "err": sys.stderr}  # the streams of now, not of the handler's import
    if args.pubkey:
        return verify_certificate_command(args.text, pubkey=args.pubkey, **streams)
    return verify_certificate_command(args.text, keys_dir=str(app_paths.current().keys), **streams)


# ---------------------------------------------------------------- papers

_PAPERS = ("decision", "scoring-sheet", "registration", "registration-form", "register")


def _configure_papers(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=_PAPERS, help=_("loại giấy tờ: decision, scoring-sheet, registration, "
                                                   "registration-form, register"))
    p.add_argument("--id", type=int, help=_("số (id) của quyết định (decision)"))
    p.add_argument("--round", type=int, metavar="ID", help=_("số (id) của đợt đánh giá"))
    p.add_argument("--assessment", type=int, metavar="ID", help=_("một đối tượng (scoring-sheet)"))
    p.add_argument("--village", metavar=_("THÔN"), help=_("chỉ một thôn, bản"))
    p.add_argument("--year", type=int, help=_("năm (register)"))
    p.add_argument("--blank", action="store_true", help=_("phiếu trống để điền tay"))
    p.add_argument("--out", required=True, metavar=_("TỆP.pdf"), help=_("tệp PDF sẽ ghi"))


@command("papers", _("In giấy tờ của đợt đánh giá (PDF): quyết định kèm danh sách, phiếu chấm điểm, danh sách và "
                     "phiếu đăng ký, sổ cấp giấy công nhận."), _configure_papers)
def cmd_papers(args: argparse.Namespace) -> int:
    return _run(_papers, args)


def _papers(args: argparse.Namespace) -> int:
    from app.services import certificate_papers as papers

    db = open_db()
    needs = {"decision": "id", "register": "year", "registration": "round", "registration-form": "round"}
    if args.kind in needs and getattr(args, needs[args.kind]) is None:
        raise _Usage(_("papers {kind} cần --{opt}.").format(kind=args.kind, opt=needs[args.kind]))
    village = _village(db, args.village)
    if args.kind == "decision":
        pdf = papers.decision_pdf(db, args.id)
    elif args.kind == "register":
        pdf = papers.register_pdf(db, args.year)
    elif args.kind == "registration":
        pdf = papers.registration_list_pdf(db, args.round, village)
    elif args.kind == "registration-form":
        pdf = papers.registration_form_pdf(db, args.round, village, blank=args.blank)
    elif args.assessment is not None:
        pdf = papers.scoring_sheet_pdf(db, args.assessment)
    elif args.round is not None:
        pdf = papers.scoring_sheet_pdf(db, round_id=args.round, village_id=village, blank=args.blank)
    else:
        raise _Usage(_("papers scoring-sheet cần --round hoặc --assessment."))
    _write(args.out, pdf)
    return 0
