"""Clock, randomness and snowflake ids backed by the operating system."""
