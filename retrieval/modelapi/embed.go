// Package modelapi embeds texts through any OpenAI-compatible embeddings API
// (OpenAI, Azure OpenAI, Ollama, vLLM, LocalAI) with go-openai: requests
// batched within the API's limits (2,048 inputs, a token cap estimated on
// the high side), sent with bounded concurrency, and checked. Retries with
// backoff honouring Retry-After belong to the client's transport: NewClient
// builds that client, for the embeddings here and for the chat model of
// bot/llm.
package modelapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	oai "github.com/sashabaranov/go-openai"
	"golang.org/x/sync/errgroup"
)

// API limits and defaults.
const (
	// MaxInputs is the most texts one embeddings request may carry.
	MaxInputs = 2048
	// DefaultRequestTokens is the default estimated token cap of one
	// request, well under OpenAI's 300,000.
	DefaultRequestTokens = 100_000
	// DefaultInputTokens is the default estimated cap of one text, under
	// the 8,192 of OpenAI's embedding models; longer texts are cut.
	DefaultInputTokens = 8000
	// DefaultConcurrency is how many requests are in flight at once.
	DefaultConcurrency = 4
)

// KnownDims are the native dimensions of OpenAI's embedding models.
var KnownDims = map[string]int{
	"text-embedding-3-small": 1536,
	"text-embedding-3-large": 3072,
	"text-embedding-ada-002": 1536,
}

// Config says which model to use and how to batch.
type Config struct {
	// Model is the API's model name (for Azure, the model whose
	// deployment has the same name).
	Model string
	// Dims is the vectors' length: requested from the model when
	// RequestDims is set (text-embedding-3-* shorten their vectors), else
	// the model's native length; 0 means known (KnownDims) or measured
	// with Probe.
	Dims        int
	RequestDims bool
	// MaxInputs, RequestTokens, InputTokens and Concurrency bound the
	// requests; 0 means the defaults.
	MaxInputs     int
	RequestTokens int
	InputTokens   int
	Concurrency   int
}

// Embedder implements retrieval.Embedder over the embeddings API.
type Embedder struct {
	client *oai.Client
	cfg    Config
}

// New returns an embedder. Dims must be known before use: given, known, or
// measured with Probe.
func New(client *oai.Client, cfg Config) (*Embedder, error) {
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Model == "" {
		return nil, errors.New("embedding model name is empty")
	}
	if cfg.Dims < 0 || cfg.Dims > 2000 {
		return nil, fmt.Errorf("embedding dimensions %d: give 1 to 2000 (the vector index takes at most 2000)", cfg.Dims)
	}
	if cfg.RequestDims && cfg.Dims == 0 {
		return nil, errors.New("embedding dimensions to request are missing")
	}
	if cfg.Dims == 0 {
		cfg.Dims = KnownDims[cfg.Model]
		if cfg.Dims > 2000 {
			return nil, fmt.Errorf("%s gives %d dimensions, more than the vector index takes: ask for at most 2000 (CAREERBOT_EMBEDDING_DIMS or --dims)", cfg.Model, cfg.Dims)
		}
	}
	if cfg.MaxInputs <= 0 || cfg.MaxInputs > MaxInputs {
		cfg.MaxInputs = MaxInputs
	}
	if cfg.RequestTokens <= 0 {
		cfg.RequestTokens = DefaultRequestTokens
	}
	if cfg.InputTokens <= 0 {
		cfg.InputTokens = DefaultInputTokens
	}
	cfg.InputTokens = min(cfg.InputTokens, cfg.RequestTokens)
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	return &Embedder{client: client, cfg: cfg}, nil
}

// Model implements retrieval.Embedder: the model's name, with the
// requested dimensions ("text-embedding-3-small@512") when shortened, so
// vectors of different lengths are never mixed.
func (e *Embedder) Model() string { return ModelName(e.cfg.Model, e.cfg.Dims, e.cfg.RequestDims) }

// ModelName is the stored name of an API model's vectors.
func ModelName(model string, dims int, requested bool) string {
	if requested {
		return model + "@" + strconv.Itoa(dims)
	}
	return model
}

// ParseModelName splits a stored name into the API model and the
// requested dimensions (0 when none).
func ParseModelName(name string) (model string, dims int) {
	i := strings.LastIndexByte(name, '@')
	if i < 0 {
		return name, 0
	}
	d, err := strconv.Atoi(name[i+1:])
	if err != nil || d <= 0 {
		return name, 0
	}
	return name[:i], d
}

// Dims implements retrieval.Embedder; 0 until known.
func (e *Embedder) Dims() int { return e.cfg.Dims }

// Probe measures the model's dimensions with one request when they are not
// known yet.
func (e *Embedder) Probe(ctx context.Context) error {
	if e.cfg.Dims > 0 {
		return nil
	}
	v, err := e.request(ctx, []string{"dimension probe"})
	if err != nil {
		return err
	}
	d := len(v[0])
	if d < 1 || d > 2000 {
		return fmt.Errorf("%s gives %d dimensions: the vector index takes 1 to 2000", e.cfg.Model, d)
	}
	e.cfg.Dims = d
	return nil
}

// Embed implements retrieval.Embedder: one vector per text, in order.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if e.cfg.Dims == 0 {
		return nil, fmt.Errorf("embed with %s: dimensions unknown (set them, or probe first)", e.cfg.Model)
	}
	out := make([][]float32, len(texts))
	inputs := make([]string, len(texts))
	for i, t := range texts {
		inputs[i] = cut(t, e.cfg.InputTokens)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(e.cfg.Concurrency)
	for _, b := range e.batches(inputs) {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			vecs, err := e.request(gctx, inputs[b.from:b.to])
			if err != nil {
				return err
			}
			copy(out[b.from:b.to], vecs)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

type batch struct{ from, to int }

// batches splits inputs into consecutive runs within the input and token
// caps of one request.
func (e *Embedder) batches(inputs []string) []batch {
	var out []batch
	start, tokens := 0, 0
	for i, t := range inputs {
		n := Tokens(t)
		if i > start && (i-start >= e.cfg.MaxInputs || tokens+n > e.cfg.RequestTokens) {
			out = append(out, batch{start, i})
			start, tokens = i, 0
		}
		tokens += n
	}
	if start < len(inputs) {
		out = append(out, batch{start, len(inputs)})
	}
	return out
}

// request embeds one batch.
func (e *Embedder) request(ctx context.Context, inputs []string) ([][]float32, error) {
	req := oai.EmbeddingRequestStrings{Input: inputs, Model: oai.EmbeddingModel(e.cfg.Model)}
	if e.cfg.RequestDims {
		req.Dimensions = e.cfg.Dims
	}
	resp, err := e.client.CreateEmbeddings(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("embed %d texts with %s: %w", len(inputs), e.cfg.Model, err)
	}
	if len(resp.Data) != len(inputs) {
		return nil, fmt.Errorf("embed %d texts with %s: got %d vectors", len(inputs), e.cfg.Model, len(resp.Data))
	}
	out := make([][]float32, len(inputs))
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(inputs) || out[d.Index] != nil {
			return nil, fmt.Errorf("embed with %s: vector index %d out of place", e.cfg.Model, d.Index)
		}
		if e.cfg.Dims > 0 && len(d.Embedding) != e.cfg.Dims {
			return nil, fmt.Errorf("embed with %s: got a vector of %d dimensions, want %d (check CAREERBOT_EMBEDDING_DIMS)", e.cfg.Model, len(d.Embedding), e.cfg.Dims)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}

// Tokens estimates the tokens of text on the high side: a token per three
// bytes of UTF-8, or per two characters, whichever is more.
func Tokens(text string) int {
	return max(len(text)/3, utf8.RuneCountInString(text)/2) + 1
}

// cut shortens text to at most maxTokens estimated tokens; the API rejects
// empty inputs, so an empty text becomes a space.
func cut(text string, maxTokens int) string {
	if text == "" {
		return " "
	}
	if Tokens(text) <= maxTokens {
		return text
	}
	// Both estimates allow at least 2 characters and 3 bytes per token.
	limit := (maxTokens - 1) * 3
	runes := 0
	for i, r := range text {
		if i+utf8.RuneLen(r) > limit || runes >= (maxTokens-1)*2 {
			return text[:i]
		}
		runes++
	}
	return text
}
