"""The one delay formula (``retries.Backoff``) behind hand-backs, the group wait and the polls."""

from aws_sagemaker_modelpackage import retries, stabiliser
from aws_sagemaker_modelpackage.retries import Backoff


def test_the_window_grows_with_the_time_waited_within_its_bounds():
    backoff = Backoff(first=4, cap=60, budget=1800)
    assert [backoff.window(waited) for waited in (0, 3, 4, 10, 59, 500)] == [4, 4, 4, 10, 59, 60]


def test_full_jitter_draws_anywhere_in_the_window_but_never_under_a_second():
    backoff = Backoff(first=4, cap=60, budget=1800, jitter=1.0)
    assert [backoff.delay(40, draw) for draw in (0.0, 0.01, 0.5, 1.0)] == [1, 1, 20, 40]


def test_a_partial_jitter_never_polls_sooner_than_its_floor():
    """``stabiliser.POLL`` draws from the window's upper half: at 100 s waited, 10 to 20 s."""
    assert [stabiliser.POLL.delay(100, draw) for draw in (0.0, 0.5, 1.0)] == [10, 15, 20]


def test_the_last_attempt_is_at_the_budgets_end_and_then_it_is_spent():
    backoff = retries.DEFAULT.transient
    assert backoff.delay(retries.RETRY_BUDGET_SECONDS - 7, 1.0) == 7
    assert backoff.delay(retries.RETRY_BUDGET_SECONDS, 1.0) is None
