"""The gateway: public REST API, web portal, login and tenant routing. It holds no data."""
