"""Tests of `probable.identity`: known answers, lookup against batch, bad input, the model."""
