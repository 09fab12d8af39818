"""The exercise checker judges as a patient tutor would, and every course exercise is sound.

Properties of the judge (hypothesis): a correctly rounded answer passes; an answer off by more than
half a unit of the asked decimal does not; text, truth values and wrong shapes are refused with a
message naming what was given and what was expected; text answers ignore case, spaces, quotes and
brackets. Then, for every registered exercise: its expected answer passes, each known mistake is a
different answer and gets its own message, and no hint gives the answer away.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import nbkernel as nk
from nbkernel.exercises import EXERCISES, Answer, Exercise, Mistake, judge, normalise_text

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)
decimals = st.integers(min_value=0, max_value=6)


@given(finite, decimals)
def test_a_correctly_rounded_answer_passes(expected, places):
    spec = Answer(kind="number", expected=expected, decimals=places)
    assert judge(round(expected, places), spec).correct


@given(finite, decimals, st.floats(min_value=0.51, max_value=1e3), st.sampled_from([-1, 1]))
def test_an_answer_off_by_more_than_half_a_unit_fails(expected, places, units, sign):
    spec = Answer(kind="number", expected=expected, decimals=places)
    answer = expected + sign * units * 10.0 ** -places
    assume(abs(answer - expected) > spec.tolerance * 1.001)
    assert judge(answer, spec).status == "wrong"


@given(finite, decimals)
def test_text_and_truth_values_are_not_numbers(expected, places):
    spec = Answer(kind="number", expected=expected, decimals=places)
    as_text = judge(str(expected), spec)
    assert as_text.status == "invalid" and "text" in as_text.message
    assert "without quotes" in as_text.message
    for truth in (True, False, np.bool_(True)):
        result = judge(truth, spec)
        assert result.status == "invalid" and "yes/no" in result.message


@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), finite)
def test_a_wrong_shape_is_named_with_the_expected_one(shape, value):
    spec = Answer(kind="number", expected=value, decimals=2)
    result = judge(np.full(shape, value), spec)
    assert result.status == "invalid"
    assert f"shape {tuple(shape)}" in result.message and "a single number" in result.message
    if math.prod(shape) == 1:
        assert "The number inside is right" in result.message


@given(st.integers(1, 4), st.integers(1, 4))
def test_an_array_of_the_wrong_shape_hears_both_shapes(rows, cols):
    expected = np.arange(6.0).reshape(2, 3)
    assume((rows, cols) != (2, 3))
    result = judge(np.zeros((rows, cols)), Answer(kind="array", expected=expected, decimals=2))
    assert result.status == "invalid"
    assert f"({rows}, {cols})" in result.message and "(2, 3)" in result.message


def test_right_numbers_in_the_wrong_shape_are_named():
    spec = Answer(kind="array", expected=[0.8, 0.7], decimals=2)
    assert "The numbers inside are right" in judge([[0.8, 0.7]], spec).message
    assert "inside" not in judge([[0.8, 0.6]], spec).message
    shape = Answer(kind="shape", expected=(2, 4))
    assert "a single number" in judge(8, shape).message and "()" not in judge(8, shape).message


def test_swapped_rows_and_columns_are_named():
    spec = Answer(kind="array", expected=np.ones((2, 3)), decimals=1)
    assert "swapped" in judge(np.ones((3, 2)), spec).message


@given(st.text(alphabet=" \t", max_size=3), st.text(alphabet=" \t", max_size=3),
       st.sampled_from(["-8, -8, 12", "-8,-8,12", "(-8, -8, 12)", "−8, −8, 12", "[-8,-8, 12]"]),
       st.booleans())
def test_text_answers_ignore_spacing_case_brackets_and_minus_signs(left, right, written, upper):
    spec = Answer(kind="choice", expected="-8, -8, 12",
                  options=("8, 8, -10", "-8, -8, 4", "-8, -8, 12"))
    answer = left + (written.upper() if upper else written) + right
    assert judge(answer, spec).correct


@pytest.mark.parametrize("answer", ["Column2", "column 2", " COLUMN  2 ", "'column 2'"])
def test_words_ignore_spacing_case_and_quotes(answer):
    spec = Answer(kind="choice", expected="column 2", options=("column 1", "column 2"))
    assert judge(answer, spec).correct


def test_an_answer_that_is_not_an_option_hears_the_options():
    spec = Answer(kind="choice", expected="tanh", options=("relu", "sigmoid", "tanh"))
    result = judge("softmax", spec)
    assert result.status == "invalid" and "'relu', 'sigmoid', 'tanh'" in result.message
    assert judge(3, spec).status == "invalid"


@pytest.mark.parametrize("answer", [(2, 4), [2, 4], np.array([2, 4]), (2.0, 4.0)])
def test_shapes_accept_tuples_lists_and_arrays(answer):
    assert judge(answer, Answer(kind="shape", expected=(2, 4))).correct


def test_shape_answers_point_at_the_common_slips():
    spec = Answer(kind="shape", expected=(2, 4))
    assert "wrong order" in judge((4, 2), spec).message
    assert judge("(2, 4)", spec).status == "invalid"
    assert "2 whole numbers" in judge((2, 4, 1), spec).message


def test_counts_are_whole_numbers():
    spec = Answer(kind="count", expected=43)
    assert judge(43, spec).correct and judge(43.0, spec).correct
    assert judge(43.4, spec).status == "invalid" and "whole" in judge(43.4, spec).message
    assert judge(42, spec).status == "wrong"


@pytest.mark.parametrize("answer", [float("nan"), float("inf"), [1.0, float("nan")]])
def test_nan_and_infinity_are_named(answer):
    spec = Answer(kind="number", expected=1.0, decimals=2)
    assert "not a finite number" in judge(answer, spec).message


@pytest.mark.parametrize("answer, advice", [(-0.10496, "opposite sign"), (0.104, "rounding")])
def test_general_advice_for_sign_and_rounding(answer, advice):
    spec = Answer(kind="number", expected=0.10496, decimals=3)   # 0.104 is cut off, not rounded
    assert advice in judge(answer, spec).message


@pytest.mark.parametrize("bad, match", [
    (dict(kind="number", expected=1.0), "needs decimals"),
    (dict(kind="vector", expected=1.0), "kind must be one of number, count, array"),
    (dict(kind="choice", expected="a", options=("b", "c")), "not among the options"),
])
def test_a_badly_written_exercise_is_refused(bad, match):
    with pytest.raises(ValueError, match=match):
        Answer(**bad)


def test_hints_come_one_attempt_at_a_time_and_mistakes_get_their_own_message():
    exercise = Exercise("xx.9", "test", lambda: 1.9, decimals=2, hints=("first", "second"),
                        mistakes=(Mistake(lambda: 1.7, "The bias is missing."),))
    assert exercise.feedback(2.5).message.endswith("Hint: first")
    assert exercise.feedback(2.6).message.endswith("Hint: second")
    assert exercise.feedback(2.7).message.endswith("Hint: second")
    assert exercise.feedback(1.7).message.endswith("The bias is missing.")
    assert exercise.feedback(...).status == "unattempted"


def test_check_prints_one_line_and_refuses_unknown_names(capsys):
    nk.check("00.1", ...)
    assert capsys.readouterr().out.startswith("… Not attempted yet")
    with pytest.raises(KeyError, match="no exercise '00.9'. The exercises of notebook 00 are: "
                                       "00.1"):
        nk.check("00.9", 0.3)
    with pytest.raises(TypeError, match="name the exercise first"):
        nk.check(0.3, "00.1")


def _spelled(value, spec):
    """How an expected answer would look written in text, if it is distinctive enough to find."""
    if spec.kind == "choice":
        return []
    if spec.kind == "shape":
        return [str(tuple(int(v) for v in value))]
    values = np.atleast_1d(np.asarray(value, dtype=float)).ravel()
    places = spec.decimals or 0
    written = [f"{v:.{places}f}".rstrip("0").rstrip(".") if places else f"{v:.0f}"
               for v in values]
    return [w for w in written if len(w.lstrip("-")) >= 3]


@pytest.mark.parametrize("key", list(EXERCISES))
def test_every_exercise_accepts_its_answer_and_names_its_mistakes(key):
    exercise = EXERCISES[key]
    spec = exercise.spec()
    expected = spec.expected
    assert exercise.feedback(expected).correct, key
    for mistake in exercise.mistakes:
        wrong = mistake.value() if callable(mistake.value) else mistake.value
        assert not judge(wrong, spec).correct, f"{key}: the mistake {wrong!r} is the answer"
        assert exercise.feedback(wrong).message.endswith(mistake.message), key
    texts = list(exercise.hints) + [m.message for m in exercise.mistakes]
    for written in _spelled(expected, spec):
        for text in texts:
            assert written not in text, f"{key}: {text!r} gives the answer {written}"
    assert exercise.hints or exercise.mistakes, f"{key} has no feedback beyond right and wrong"
