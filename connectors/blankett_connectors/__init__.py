"""The connectors that ship with Blankett, each an ordinary connector module.

* ``webhook``   POSTs the case envelope as JSON, signed per the Standard Webhooks spec
* ``filedrop``  writes the case envelope as ``<reference>.json`` into a folder
* ``email``     mails the case (or, above confidentiality 0, a pointer to it) over SMTP
* ``earchive``  writes an FGS 2.0 (E-ARK SIP, CITS ERMS) package folder per case
* ``inbox``     hands the case to the built-in handler inbox (``/handlaggning``)

They are listed in ``blankett.connectors.BUILTIN_CONNECTORS`` and loaded exactly like
separately installed connector packages; they import only from ``blankett.connectors``.
"""
