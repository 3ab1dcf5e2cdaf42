"""Solution to the "write the training loop" exercise of notebooks/06_training_an_mlp.ipynb.

Checked by tests/test_training_loop_exercise.py; see README.md here.
"""

from helpers import mlp


def train_loop(params, X, Y, lr, steps):
    """Full-batch gradient descent: returns (trained params, the loss before each step)."""
    losses = []
    for _ in range(steps):
        loss, grads = mlp.loss_and_grads(  # forward, then backward (the delta rule)
            params, X, Y, hidden="relu", output="softmax", loss="cross_entropy"
        )
        params = mlp.update(params, grads, lr=lr)  # W <- W - lr dL/dW, for every W and b
        losses.append(loss)  # record
    return params, losses
