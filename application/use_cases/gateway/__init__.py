"""What the WebSocket gateway asks of the application: who a socket is, what it may receive."""
