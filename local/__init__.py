"""Local stand-ins for AWS services, for running and testing the provider offline.

Never packaged into the handler artifact (only ``src/`` is).
"""
