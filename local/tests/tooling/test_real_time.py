"""The suites' rule on real time (the root ``conftest.py``): no test sleeps longer than 0.1 s."""

import time

import pytest


def test_a_sleep_longer_than_a_tenth_of_a_second_fails_the_test():
    with pytest.raises(pytest.fail.Exception, match=r"a real sleep of 0\.2 s"):
        time.sleep(0.2)  # fails at once, without sleeping


def test_a_short_sleep_is_left_alone():
    began = time.monotonic()
    time.sleep(0.01)
    assert time.monotonic() - began >= 0.01
