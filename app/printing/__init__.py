"""PDF builders: plain data in, PDF bytes out; no Qt, no database, fonts registered once.

* :mod:`.certificates` — giấy công nhận (canvas, fast), laid out by :mod:`.templates` (JSON files),
  with the decorative :mod:`.border`, fitted text (:mod:`.fitting`) and a signed QR code;
  :mod:`.batch` orders and selects them; :mod:`.register` numbers them; :mod:`.calibration` makes
  the printer test page and remembers offsets per printer.
* :mod:`.round_papers` / :mod:`.decision_papers` — registration list and forms, scoring sheets,
  the decision with its list, the register (platypus, NĐ 30/2020 via :mod:`.document`).
* :mod:`.commands` — console handlers for ``app/cli.py``.
"""
