"""The built-in test OpenID provider, for development and tests. Never enabled in production.

Mounted by the app at ``/test-idp`` when ``settings.test_idp_enabled``; its issuer is
``{base_url}/test-idp``. It runs in the platform's own process and keeps the set of
redeemed codes in memory, so it is meant for one process only.
"""

from .app import create_test_idp
from .persons import TEST_PERSONS, TestPerson
from .provider import test_client_secret

__all__ = ["TEST_PERSONS", "TestPerson", "create_test_idp", "test_client_secret"]
