"""Helpers shared by the test folders: live services, loopback listeners, REST and article helpers.

A real package, imported as `testkit.<module>` (the rootdir `tests/conftest.py` puts `tests/` on
sys.path), because `from conftest import ...` is ambiguous: several folders have a conftest.py and
whichever pytest imported last owns the name. Fixtures stay in the conftest.py files.
"""
