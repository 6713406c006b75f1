"""critmin's chat assistant: questions in English or Chinese, answered from the engine's trace."""
