"""The simulated world: people with known status, flawed record systems, agencies, bookings.

Kept light on purpose: importing `probable.world` loads none of the truth;
`probable.world.truth` is for the simulator and `probable.evaluation` only.
"""
