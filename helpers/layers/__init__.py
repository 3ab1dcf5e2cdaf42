"""Forward/backward pairs for the layers of notebooks 09-10, in the style of cs231n's layers.

Every ``*_forward`` returns ``(out, cache)``; the matching ``*_backward(dout, cache)`` returns
the gradients of the loss with respect to each input, each shaped like that input. Weights
are ``(n_out, n_in)`` as everywhere in the series. Bad input raises a ``TypeError`` or a
``ValueError`` naming the argument.

- ``_dense``: ``affine``, ``embedding``, ``softmax_cross_entropy`` (notebook 09)
- ``_norm``: ``batchnorm`` (training mode, biased variance), ``layernorm`` (notebook 09)
- ``_conv``: ``conv2d`` (stride, padding; naive loops too), ``maxpool2d`` (notebook 10)
- ``_rnn``: ``rnn``, a tanh recurrent layer, and backpropagation through time (notebook 10)
"""

from ._conv import (
    conv2d_backward,
    conv2d_backward_naive,
    conv2d_forward,
    conv2d_forward_naive,
    maxpool2d_backward,
    maxpool2d_forward,
    output_size,
)
from ._dense import (
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    softmax_cross_entropy,
)
from ._norm import (
    batchnorm_backward,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
)
from ._rnn import rnn_backward, rnn_forward

__all__ = [
    "affine_forward",
    "affine_backward",
    "embedding_forward",
    "embedding_backward",
    "softmax_cross_entropy",
    "batchnorm_forward",
    "batchnorm_backward",
    "layernorm_forward",
    "layernorm_backward",
    "conv2d_forward",
    "conv2d_backward",
    "conv2d_forward_naive",
    "conv2d_backward_naive",
    "output_size",
    "maxpool2d_forward",
    "maxpool2d_backward",
    "rnn_forward",
    "rnn_backward",
]
