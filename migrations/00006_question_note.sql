-- +goose Up
-- Why a question was not answered by the chat model it was meant for (a
-- failed call, an answer that failed its checks), as the asker was told;
-- empty when nothing fell back. It holds what the model wrote, never the
-- question's text, so it follows the question's row, not the text's
-- retention.
ALTER TABLE questions ADD COLUMN note text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE questions DROP COLUMN note;
