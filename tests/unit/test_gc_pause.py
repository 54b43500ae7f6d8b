import gc
import threading

from earnest.gc_pause import gc_paused


def test_the_collector_resumes_only_when_the_last_overlapping_pause_ends():
    assert gc.isenabled()
    first_in, second_done = threading.Event(), threading.Event()

    def other_thread():
        first_in.wait()
        with gc_paused():
            pass
        second_done.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with gc_paused():
        first_in.set()
        second_done.wait(5)
        assert not gc.isenabled()  # the other thread's pause ended, ours has not
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    worker.join()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_a_pause_still_resumes_the_collector():
    try:
        with gc_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
