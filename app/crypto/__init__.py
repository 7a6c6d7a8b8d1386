"""The commune's signing key and what it signs (no Qt, no database).

* :mod:`app.crypto.keys` — the minisign (Ed25519) key pair: made once, the secret key stored in
  minisign's own passphrase-protected format in the keys folder; minisign signatures for data
  packages; plain Ed25519 signatures for certificate QR codes.
* :mod:`app.crypto.certificate_qr` — the certificate's QR text of ``spec/package-format.md``: build,
  sign, verify (with a Vietnamese reason), render.
"""
