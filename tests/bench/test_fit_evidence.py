"""The fitting code behind the shipped evidence model: the ranking fit converges."""

import numpy as np

from bench.fit_evidence import fit_conditional_logit


def test_the_conditional_logit_learns_which_row_of_each_group_answers():
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(40):
        # Large groups: a full Newton step overshoots on them without the halving.
        x = rng.normal(size=(300, 3))
        answer = int(np.argmax(x[:, 0] - 0.5 * x[:, 1] + rng.normal(scale=0.3, size=300)))
        target = np.zeros(300)
        target[answer] = 1.0
        groups.append((x, target))
    beta = fit_conditional_logit(groups, l2=1.0)
    assert beta[0] > 0 > beta[1] and abs(beta[2]) < beta[0] / 4

    # It picks the answer about as often as the weights that made the data.
    def right(weights):
        return sum(int(np.argmax(x @ weights)) == int(np.argmax(t)) for x, t in groups)

    assert right(beta) >= right(np.array([1.0, -0.5, 0.0])) - 2 > 20


def test_a_constant_feature_gets_no_weight():
    x = np.column_stack([np.arange(5.0), np.ones(5)])
    target = np.array([0, 0, 0, 0, 1.0])
    beta = fit_conditional_logit([(x, target), (x, target)], l2=1.0)
    assert beta[0] > 0 and abs(beta[1]) < 1e-6
