"""A program that never starts a server (the trace tests' bad input for --command)."""
import time

time.sleep(120)
