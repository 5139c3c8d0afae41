"""Text: text folding for search, formatted text and its cleaning, Norwegian collation, language tags."""
