"""Documents: the decree (SK), its DIK annex and the test sheets as PDF/A, signed and verified.

* :mod:`ujikon.documents.keys` -- the signing keys: a development CA for demos and tests
  (clearly marked untrusted), importing a real PKCS#12, the passphrase from the environment;
* :mod:`ujikon.documents.signing` -- PAdES signatures with pyHanko (baseline B-B, or B-T
  with a timestamp authority), as incremental updates, so a second signer can follow;
* :mod:`ujikon.documents.verify` -- the offline verdict on a PDF: who signed, is every
  signature intact, is the file unchanged since the last one, what does it carry inside;
* :mod:`ujikon.documents.tsa` -- a small RFC 3161 timestamp server on the loopback
  interface, for tests and demos.

This package imports nothing heavy: WeasyPrint, pyHanko and ``cryptography`` are loaded
inside the functions that need them, so the command line starts fast.
"""
