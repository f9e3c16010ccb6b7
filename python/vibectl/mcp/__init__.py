"""`vibectl mcp`: vibectl's kubectl, planner and check as an MCP server (docs/mcp.md).

Imported only when `vibectl mcp` runs; it needs the `mcp` package (`pip install 'vibectl[mcp]'`).
"""
