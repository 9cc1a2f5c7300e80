import gc

from glossapp.util import collector


def test_pauses_nest_and_the_outermost_restores_the_collector():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_unmatched_resume_changes_nothing():
    collector.resume()
    assert gc.isenabled()
    collector.pause()
    collector.resume()
    collector.resume()
    assert gc.isenabled()
