import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { localRepo } from '../../src/checkout/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { memoryRepo } from '../../src/sources/repo/index.js';

/**
 * What a spec-first Go service (oapi-codegen's chi server) puts on the wire: the generated wrapper calls the
 * handler through the `ServerInterface` it was given, and errors go out through a shared helper package.
 */
const GENERATED = `package ports

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type ServerInterface interface {
	GetTrainings(w http.ResponseWriter, r *http.Request)
	CancelTraining(w http.ResponseWriter, r *http.Request, trainingUUID string)
}

type ServerInterfaceWrapper struct {
	Handler ServerInterface
}

func (siw *ServerInterfaceWrapper) GetTrainings(w http.ResponseWriter, r *http.Request) {
	var handler = func(w http.ResponseWriter, r *http.Request) {
		siw.Handler.GetTrainings(w, r)
	}
	handler(w, r)
}

func (siw *ServerInterfaceWrapper) CancelTraining(w http.ResponseWriter, r *http.Request) {
	trainingUUID := chi.URLParam(r, "trainingUUID")
	var handler = func(w http.ResponseWriter, r *http.Request) {
		siw.Handler.CancelTraining(w, r, trainingUUID)
	}
	handler(w, r)
}

func HandlerFromMux(si ServerInterface, r chi.Router) http.Handler {
	wrapper := ServerInterfaceWrapper{Handler: si}
	r.Get("/trainings", wrapper.GetTrainings)
	r.Delete("/trainings/{trainingUUID}", wrapper.CancelTraining)
	return r
}
`;

const HANDLERS = `package ports

import (
	"net/http"

	"example.com/app/internal/common/httperr"
	"github.com/go-chi/render"
)

type Training struct {
	Uuid       string  \`json:"uuid"\`
	ProposedBy *string \`json:"proposedBy,omitempty"\`
}

type HttpServer struct{}

func (h HttpServer) GetTrainings(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		httperr.Unauthorised("no-user", nil, w, r)
		return
	}
	render.Respond(w, r, Training{Uuid: "x"})
}

func (h HttpServer) CancelTraining(w http.ResponseWriter, r *http.Request, trainingUUID string) {
	err := cancel(trainingUUID)
	if err != nil {
		httperr.RespondWithSlugError(err, w, r)
		return
	}
}

func cancel(id string) error { return nil }
`;

const HTTPERR = `package httperr

import (
	"net/http"

	"github.com/go-chi/render"
)

func InternalError(slug string, err error, w http.ResponseWriter, r *http.Request) {
	respond(err, slug, w, r, http.StatusInternalServerError)
}

func Unauthorised(slug string, err error, w http.ResponseWriter, r *http.Request) {
	respond(err, slug, w, r, http.StatusUnauthorized)
}

func RespondWithSlugError(err error, w http.ResponseWriter, r *http.Request) {
	InternalError("internal-server-error", err, w, r)
}

func respond(err error, slug string, w http.ResponseWriter, r *http.Request, status int) {
	resp := ErrorResponse{slug, status}
	if err := render.Render(w, r, resp); err != nil {
		panic(err)
	}
}

type ErrorResponse struct {
	Slug       string \`json:"slug"\`
	httpStatus int
}

func (e ErrorResponse) Render(w http.ResponseWriter, r *http.Request) error {
	w.WriteHeader(e.httpStatus)
	return nil
}
`;

const MAIN = `package main

import (
	"net/http"

	"example.com/app/internal/ports"
	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	ports.HandlerFromMux(ports.HttpServer{}, r)
	http.ListenAndServe(":8080", r)
}
`;

const SPEC = `openapi: 3.0.3
info: {title: trainings, version: "1"}
paths:
  /trainings:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Training'}
        default:
          description: error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /trainings/{trainingUUID}:
    delete:
      parameters:
        - {name: trainingUUID, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: cancelled}
        default:
          description: error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
components:
  schemas:
    Training:
      type: object
      required: [uuid]
      properties:
        uuid: {type: string}
        proposedBy: {type: string}
    Error:
      type: object
      required: [slug, message]
      properties:
        slug: {type: string}
        message: {type: string}
`;

async function scan() {
  const repo = memoryRepo({
    'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n',
    'cmd/main.go': MAIN,
    'internal/ports/openapi_api.gen.go': GENERATED,
    'internal/ports/http.go': HANDLERS,
    'internal/common/httperr/http_error.go': HTTPERR,
    'openapi.yaml': SPEC,
  });
  return analyze({ repo, config: defaultConfig(), docs: ['openapi.yaml'] });
}

describe('the wire model of a spec-first Go service', () => {
  it('follows the generated wrapper to the handler behind the interface, and the error helper to the status it writes', async () => {
    const { findings } = await scan();
    const fields = findings
      .filter((f) => f.rule === 'field-required-mismatch')
      .map((f) => `${f.operation} ${f.subject} ${f.confidence}`)
      .sort();
    // The error body has `slug` only; the documented default Error requires `message` too.
    expect(fields).toEqual([
      'DELETE /trainings/{trainingUUID} response.500.message likely',
      'GET /trainings response.401.message likely',
    ]);
    // The handler's own success body is read, not an error body under 200; a nil pointer under `omitempty` is left
    // out, never sent as null.
    expect(findings.filter((f) => f.operation === 'GET /trainings' && f.subject?.startsWith('response.200'))).toEqual(
      [],
    );
  });

  it('reports the 200 net/http sends when a handler ends without writing, where the docs promise 204', async () => {
    const { findings } = await scan();
    const status = findings.filter((f) => f.rule === 'undocumented-status').map((f) => `${f.operation} ${f.subject}`);
    // The `default` response documents errors; it does not cover a success status beside the documented 204.
    expect(status).toEqual(['DELETE /trainings/{trainingUUID} 200']);
  });
});

describe('the wire model of a Gin handler', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/books\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Book struct {
	ID    uint   \`json:"id"\`
	Title string \`json:"title"\`
}

type UpdateBook struct {
	Title  string \`json:"title"\`
	Author string \`json:"author" binding:"required"\`
}

func updateBook(c *gin.Context) {
	var input UpdateBook
	if err := c.ShouldBindJSON(&input); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	book := Book{Title: input.Title}
	c.JSON(http.StatusOK, gin.H{"data": book})
}

func main() {
	r := gin.Default()
	r.PUT("/books/:id", updateBook)
	r.Run()
}
`,
      'swagger.yaml': `swagger: "2.0"
info: {title: books, version: "1"}
paths:
  /books/{id}:
    put:
      parameters:
        - {name: id, in: path, required: true, type: string}
        - name: input
          in: body
          required: true
          schema: {$ref: '#/definitions/UpdateBook'}
      responses:
        "200":
          description: ok
          schema: {$ref: '#/definitions/Book'}
        "400":
          description: bad request
          schema: {type: object, properties: {error: {type: string}}}
definitions:
  Book:
    type: object
    properties:
      id: {type: integer}
      title: {type: string}
  UpdateBook:
    type: object
    properties:
      title: {type: string}
      author: {type: string}
`,
    });

  it('requires on input only what a binding tag requires, and reports the `data` wrapper the docs do not show', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['swagger.yaml'] });
    expect(findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      // `binding:"required"` makes gin reject a body without `author`; `title` may be left out, as documented.
      'field-required-mismatch request.author',
      // `gin.H{"data": book}` nests the book under `data`; the docs describe a bare book.
      'undocumented-response-field response.200.data',
    ]);
  });
});

describe('middleware installed under a configuration switch', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/msgs\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'router.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Config struct {
	RedirectToHTTPS bool
}

func ensureHTTPS(c *gin.Context) {
	if c.Request.TLS == nil {
		if c.Request.Method != http.MethodGet {
			c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "use HTTPS"})
			return
		}
		c.Redirect(http.StatusFound, "https://"+c.Request.Host+c.Request.URL.String())
		c.Abort()
	}
}

func limit(c *gin.Context) {
	if c.GetHeader("X-Too-Many") != "" {
		c.AbortWithStatus(http.StatusTooManyRequests)
		return
	}
	c.Next()
}

func listMessages(c *gin.Context) {
	c.JSON(http.StatusOK, []string{})
}

func Create(conf *Config) *gin.Engine {
	g := gin.New()
	if conf.RedirectToHTTPS {
		g.Use(ensureHTTPS)
	}
	g.Use(limit)
	g.GET("/messages", listMessages)
	return g
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: msgs, version: "1"}
paths:
  /messages:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
`,
    });

  it('reports the statuses of middleware every deployment runs, not those of one a configuration switch installs', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    // The limiter always runs: its 429 is drift, inferred through the middleware. The HTTPS redirect runs only where
    // it is configured on, so its 302 and 400 are not the code's contract.
    expect(findings.filter((f) => f.rule === 'undocumented-status').map((f) => `${f.subject} ${f.confidence}`)).toEqual(
      ['429 likely'],
    );
  });
});

describe('a generic validating middleware in front of a chi route', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n',
      'main.go': `package main

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-playground/validator/v10"
)

type BookForm struct {
	Title    string \`json:"title" validate:"required,max=255"\`
	ImageURL string \`json:"image_url" validate:"url"\`
	Kind     string \`json:"kind" validate:"omitempty,oneof=novel essay"\`
}

type Book struct {
	ID    int    \`json:"id"\`
	Title string \`json:"title"\`
}

type ErrResponse struct {
	Errors []string \`json:"errors"\`
}

type ctxKey struct{}

func Validate[T any](next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var form T
		if err := json.NewDecoder(r.Body).Decode(&form); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(ErrResponse{Errors: []string{"bad json"}})
			return
		}
		if err := validator.New().Struct(form); err != nil {
			w.WriteHeader(http.StatusUnprocessableEntity)
			json.NewEncoder(w).Encode(ErrResponse{Errors: []string{err.Error()}})
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, &form)))
	})
}

func create(w http.ResponseWriter, r *http.Request) {
	form := r.Context().Value(ctxKey{}).(*BookForm)
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(Book{Title: form.Title})
}

func main() {
	r := chi.NewRouter()
	r.With(Validate[BookForm]).Post("/books", create)
	http.ListenAndServe(":8080", r)
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /books:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string}
                image_url: {type: string}
                kind: {type: string}
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}, title: {type: string}}}
`,
    });

  it('answers 400 and 422 for the route, and refuses a body whose validated field is left out', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(findings.map((f) => `${f.rule} ${f.subject} ${f.confidence}`).sort()).toEqual([
      // `validate:"url"` fails on the empty string a missing `image_url` decodes to: the field is required in effect.
      // `kind` is `omitempty` first, so leaving it out passes.
      'field-required-mismatch request.image_url certain',
      // Both written by `Validate[BookForm]` before the handler runs: inferred through the middleware.
      'undocumented-status 400 likely',
      'undocumented-status 422 likely',
    ]);
  });
});

describe('a validating middleware factory given type arguments, encoding/json/v2, and a handler behind a logging wrapper', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/app\n\ngo 1.25\n\nrequire github.com/go-chi/chi/v5 v5.2.0\n',
      'validate.go': `package main

import (
	"encoding/json/v2"
	"net/http"

	"github.com/go-playground/validator/v10"
)

type ErrResponse struct {
	Errors map[string]string \`json:"errors"\`
}

func toErrResponse(err error) *ErrResponse {
	return &ErrResponse{Errors: map[string]string{"x": err.Error()}}
}

func Validate[T any](v *validator.Validate) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var form T
			if err := json.UnmarshalRead(http.MaxBytesReader(w, r.Body, 65536), &form); err != nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			if err := v.Struct(form); err != nil {
				w.WriteHeader(http.StatusUnprocessableEntity)
				json.MarshalWrite(w, toErrResponse(err))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
`,
      'logged.go': `package main

import "net/http"

type Logged struct {
	handler http.Handler
}

func NewLogged(h http.HandlerFunc) *Logged {
	return &Logged{handler: h}
}

func (l *Logged) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.handler.ServeHTTP(w, r)
}
`,
      'main.go': `package main

import (
	"encoding/json/v2"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-playground/validator/v10"
)

type BookForm struct {
	Title    string \`json:"title" validate:"required"\`
	ImageURL string \`json:"image_url" validate:"url"\`
}

type Book struct {
	Title string \`json:"title"\`
}

func create(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
	json.MarshalWrite(w, Book{Title: "t"})
}

func main() {
	v := validator.New()
	r := chi.NewRouter()
	r.With(Validate[BookForm](v)).Post("/books", NewLogged(create).ServeHTTP)
	http.ListenAndServe(":8080", r)
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /books:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string}
                image_url: {type: string}
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {title: {type: string}}}
        "400": {description: bad}
        "422":
          description: invalid
          content:
            application/json:
              schema: {type: object, properties: {errors: {type: array, items: {type: string}}}}
`,
    });

  it('reads the body the factory decodes, the 422 body it writes, and the statuses of the wrapped handler', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    // `Validate[BookForm](v)` decodes a BookForm (json.UnmarshalRead under MaxBytesReader): `validate:"url"` refuses
    // a body without image_url. Its 422 body is an object keyed by field where the docs say an array. The 201 and
    // its Book come from `create`, reached through the `NewLogged(create).ServeHTTP` wrapper: documented, no finding.
    expect(findings.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual([
      'field-required-mismatch request.image_url',
      'field-type-mismatch response.422.errors',
    ]);
  });
});

describe('values returned through an interface', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"time"

	"github.com/gin-gonic/gin"
)

type Client struct {
	ID       uint       \`json:"id"\`
	Name     string     \`json:"name"\`
	LastUsed *time.Time \`json:"lastUsed"\`
}

type ClientDatabase interface {
	GetClientsByUser(userID uint) ([]*Client, error)
	GetClientByID(id uint) (*Client, error)
}

type ClientAPI struct {
	DB ClientDatabase
}

func (a *ClientAPI) GetClients(ctx *gin.Context) {
	clients, err := a.DB.GetClientsByUser(1)
	if err != nil {
		ctx.AbortWithStatus(500)
		return
	}
	ctx.JSON(200, clients)
}

func main() {
	api := &ClientAPI{}
	r := gin.New()
	r.GET("/client", api.GetClients)
	r.Run()
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /client:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    id: {type: integer}
                    name: {type: string}
                    lastUsed: {type: string, format: date-time}
        "500": {description: failed}
`,
    });

  it('types a value by the result the interface method declares, whichever implementation runs', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    // `a.DB.GetClientsByUser(1)` returns []*Client: a client never used has a nil LastUsed, sent as null.
    expect(findings.map((f) => `${f.rule} ${f.subject}`)).toEqual([
      'field-type-mismatch response.200.[].lastUsed#null',
    ]);
  });
});

describe("Gin's binders that answer 400 themselves", () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import "github.com/gin-gonic/gin"

type ClientParams struct {
	Name string \`json:"name" binding:"required"\`
}

func login(ctx *gin.Context) {
	params := ClientParams{}
	if err := ctx.Bind(&params); err != nil {
		return
	}
	ctx.JSON(200, params)
}

func rename(ctx *gin.Context) {
	params := ClientParams{}
	if err := ctx.ShouldBindJSON(&params); err != nil {
		ctx.JSON(422, gin.H{"error": err.Error()})
		return
	}
	ctx.JSON(200, params)
}

func main() {
	r := gin.New()
	r.POST("/login", login)
	r.POST("/rename", rename)
	r.Run()
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /login:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
  /rename:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
        "422": {description: invalid}
`,
    });

  it('reports the 400 that c.Bind answers on a body it cannot bind, and none for ShouldBindJSON', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    // `c.Bind` calls `c.AbortWithError(400, …)` itself when binding fails; `ShouldBindJSON` leaves the answer to the
    // handler, which sends the documented 422.
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject}`)).toEqual([
      'undocumented-status POST /login 400',
    ]);
  });
});

describe('statuses carried in an error value', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'apperror/apperror.go': `package apperror

import "net/http"

type AppError struct {
	Code    int    \`json:"code"\`
	Message string \`json:"message"\`
}

func (e *AppError) Error() string { return e.Message }

func New(code int, msg string) *AppError {
	return &AppError{Code: code, Message: msg}
}

func NotFound(msg string) *AppError {
	return &AppError{Code: http.StatusNotFound, Message: msg}
}

func Conflict(msg string) error {
	return New(http.StatusConflict, msg)
}

var ErrForbidden = &AppError{http.StatusForbidden, "forbidden"}

var ErrGone = New(http.StatusGone, "archived")
`,
      'service/product.go': `package service

import (
	"errors"

	"example.com/shop/apperror"
)

type Product struct {
	ID   int    \`json:"id"\`
	Name string \`json:"name"\`
}

type ProductService struct{}

func (s *ProductService) Get(id string) (*Product, error) {
	if id == "" {
		return nil, apperror.New(400, "id required")
	}
	if id == "0" {
		return nil, apperror.NotFound("no such product")
	}
	return &Product{}, nil
}

func (s *ProductService) Create(name string) (*Product, error) {
	if name == "taken" {
		return nil, apperror.Conflict("name taken")
	}
	return &Product{Name: name}, nil
}

func (s *ProductService) Delete(id string) error {
	if id == "" {
		return errors.New("no id")
	}
	return nil
}

func (s *ProductService) Archive(id string) error {
	if id == "1" {
		return apperror.ErrForbidden
	}
	if id == "2" {
		return apperror.ErrGone
	}
	return nil
}

func (s *ProductService) Rename(id, name string) (*Product, *apperror.AppError) {
	if name == "" {
		return nil, &apperror.AppError{Code: 422, Message: "name required"}
	}
	return &Product{Name: name}, nil
}
`,
      'handler/product.go': `package handler

import (
	"errors"
	"net/http"

	"example.com/shop/apperror"
	"example.com/shop/service"
	"github.com/gin-gonic/gin"
)

type Handler struct {
	svc *service.ProductService
}

func respondError(c *gin.Context, err error) {
	var appErr *apperror.AppError
	if errors.As(err, &appErr) {
		c.JSON(appErr.Code, appErr)
		return
	}
	c.JSON(http.StatusInternalServerError, gin.H{"message": "internal"})
}

func (h *Handler) Get(c *gin.Context) {
	p, err := h.svc.Get(c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (h *Handler) Create(c *gin.Context) {
	p, err := h.svc.Create(c.Query("name"))
	if err != nil {
		if appErr, ok := err.(*apperror.AppError); ok {
			c.JSON(appErr.Code, appErr)
			return
		}
		c.JSON(http.StatusInternalServerError, gin.H{"message": "internal"})
		return
	}
	c.JSON(http.StatusCreated, p)
}

func (h *Handler) Delete(c *gin.Context) {
	if err := h.svc.Delete(c.Param("id")); err != nil {
		switch e := err.(type) {
		case *apperror.AppError:
			c.JSON(e.Code, e)
		default:
			c.JSON(http.StatusInternalServerError, gin.H{"message": "internal"})
		}
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *Handler) Archive(c *gin.Context) {
	if err := h.svc.Archive(c.Param("id")); err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"archived": true})
}

func (h *Handler) Rename(c *gin.Context) {
	p, appErr := h.svc.Rename(c.Param("id"), c.Query("name"))
	if appErr != nil {
		c.JSON(appErr.Code, appErr)
		return
	}
	c.JSON(http.StatusOK, p)
}

func Register(r *gin.Engine, h *Handler) {
	r.GET("/products/:id", h.Get)
	r.POST("/products", h.Create)
	r.DELETE("/products/:id", h.Delete)
	r.PUT("/products/:id", h.Rename)
	r.POST("/products/:id/archive", h.Archive)
}
`,
      'main.go': `package main

import (
	"example.com/shop/handler"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	handler.Register(r, &handler.Handler{})
	r.Run()
}
`,
    });

  const statuses = async (key: string) => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    return (implemented?.surface.operations.find((o) => `${o.method} ${o.path}` === key)?.responses ?? [])
      .map((r) => r.status)
      .sort();
  };

  it('answers the statuses of the errors the service makes, read through errors.As, a type assertion, a type switch or the error type itself', async () => {
    // `apperror.New(400, …)` and `apperror.NotFound(…)` build `&AppError{Code: …}`; errors.As reads their Code. Get
    // returns no other error, so the helper's 500 after the errors.As block (for errors of another type) is not reached.
    expect(await statuses('GET /products/{id}')).toEqual(['200', '400', '404']);
    // `Conflict` returns what `New(http.StatusConflict, …)` makes; read through `err.(*apperror.AppError)`.
    expect(await statuses('POST /products')).toEqual(['201', '409', '500']);
    // The service's only error is `errors.New`: the type switch's AppError case carries no status it could say.
    expect(await statuses('DELETE /products/{id}')).toEqual(['204', '500']);
    // The service returns `*apperror.AppError` itself.
    expect(await statuses('PUT /products/{id}')).toEqual(['200', '422']);
    // Error variables made once: a literal with its fields by position, and one a constructor made. Both are
    // AppErrors, so respondError's 500 for errors of another type is not reached.
    expect(await statuses('POST /products/{id}/archive')).toEqual(['200', '403', '410']);
  });
});

describe('statuses carried in an error value through a converter and a status helper', () => {
  const repo = () =>
    memoryRepo({
      'go.mod':
        'module example.com/blog\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/pkg/errors v0.9.1\n)\n',
      'pkg/errors/errors.go': `package errors

import (
	"fmt"
	"net/http"

	"github.com/pkg/errors"
)

type Error interface {
	error
	Code() int
}

type ResponseError struct {
	StatusCode int    \`json:"-"\`
	ErrorCode  int    \`json:"code"\`
	ErrorMsg   string \`json:"message"\`
}

func (r *ResponseError) Error() string { return r.ErrorMsg }

func (r *ResponseError) Code() int { return r.ErrorCode }

func FromError(err error) Error {
	if err == nil {
		return nil
	}
	var rerr *ResponseError
	if errors.As(err, &rerr) {
		return rerr
	}
	return &ResponseError{StatusCode: 500, ErrorCode: 500, ErrorMsg: err.Error()}
}

func StatusCode(err error) int {
	if err == nil {
		return 200
	}
	var rerr *ResponseError
	if errors.As(err, &rerr) {
		return rerr.StatusCode
	}
	return http.StatusInternalServerError
}

func BadRequest(message string, a ...interface{}) Error {
	return &ResponseError{StatusCode: 400, ErrorCode: 400, ErrorMsg: fmt.Sprintf(message, a...)}
}

func NotFound(message string, a ...interface{}) Error {
	return &ResponseError{StatusCode: 404, ErrorCode: 404, ErrorMsg: fmt.Sprintf(message, a...)}
}
`,
      'pkg/util/gin.go': `package util

import (
	"encoding/json"
	"net/http"

	"example.com/blog/pkg/errors"
	"github.com/gin-gonic/gin"
)

type ResponseResult struct {
	Code    int         \`json:"code"\`
	Message string      \`json:"message,omitempty"\`
	Data    interface{} \`json:"data,omitempty"\`
}

func ResSuccess(c *gin.Context, data interface{}) {
	ResJSON(c, http.StatusOK, &ResponseResult{Code: 200, Data: data})
}

func ResError(c *gin.Context, err error) {
	ierr := errors.FromError(err)
	httpCode := errors.StatusCode(ierr)
	ResJSON(c, httpCode, &ResponseResult{Code: ierr.Code(), Message: ierr.Error()})
}

func ResJSON(c *gin.Context, status int, v interface{}) {
	buf, _ := json.Marshal(v)
	c.Data(status, "application/json; charset=utf-8", buf)
	c.Abort()
}
`,
      'blog/tag.go': `package blog

import (
	"strconv"

	"example.com/blog/pkg/errors"
	"example.com/blog/pkg/util"
	"github.com/gin-gonic/gin"
)

type Tag struct {
	ID   uint   \`json:"id"\`
	Name string \`json:"name"\`
}

type TagService struct{}

func (s *TagService) GetTagByID(id uint) (*Tag, error) {
	if id == 0 {
		return nil, errors.NotFound("tag %d not found", id)
	}
	return &Tag{ID: id}, nil
}

type TagHandler struct {
	TagService *TagService
}

func (h *TagHandler) GetTag(c *gin.Context) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 32)
	if err != nil {
		util.ResError(c, errors.BadRequest("invalid tag id"))
		return
	}
	data, err := h.TagService.GetTagByID(uint(id))
	if err != nil {
		util.ResError(c, err)
		return
	}
	util.ResSuccess(c, data)
}

func Register(r *gin.Engine, h *TagHandler) {
	r.GET("/api/blog/tags/:id", h.GetTag)
}
`,
      'main.go': `package main

import (
	"example.com/blog/blog"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	blog.Register(r, &blog.TagHandler{})
	r.Run()
}
`,
    });

  it('answers 400 and 404 where the handler passes those errors to a helper that converts them with errors.As and asks a status helper for their status', async () => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    const statuses = (implemented?.surface.operations.find((o) => o.path === '/api/blog/tags/{id}')?.responses ?? [])
      .map((r) => r.status)
      .sort();
    // `ResError` → `errors.FromError(err)` hands back the *ResponseError it was given (errors.As) or makes a 500;
    // `errors.StatusCode(ierr)` returns its StatusCode: 400 for the bad id, 404 for the service's NotFound.
    expect(statuses).toEqual(['200', '400', '404', '500']);
  });
});

/**
 * go-blog-service (go-programming-tour-book/blog-service, a tuning app under test/fixtures/real-apps): every handler
 * answers through `response.ToErrorResponse(err)`, which writes `c.JSON(err.StatusCode(), …)`; `StatusCode()` switches
 * on the error's code (`case InvalidParams.Code(): return http.StatusBadRequest`, fallthrough to 401 for the auth
 * errors, 500 after the switch). The rate limiter answers 429 only where `l.GetBucket(key)` finds a bucket, and the
 * router makes one for `/auth` alone.
 */
describe('go-blog-service: statuses a method of the error value picks, and a limiter scoped by a table', () => {
  const blog = () => localRepo(join(import.meta.dirname, '../fixtures/real-apps/go-blog-service'));

  it('answers the status the switch gives each error the handler passes, and no 429 where the limiter has no bucket', async () => {
    const { implemented } = await analyze({ repo: blog(), config: defaultConfig(), docs: ['docs/swagger.yaml'] });
    const statuses = (key: string) =>
      (implemented?.surface.operations.find((o) => `${o.method} ${o.path}` === key)?.responses ?? [])
        .map((r) => r.status)
        .sort();
    // InvalidParams → 400; the module errors (ErrorGetTagListFail, …) are in no case → 500 after the switch.
    expect(statuses('GET /api/v1/tags')).toEqual(['200', '400', '500']);
    expect(statuses('DELETE /api/v1/articles/{id}')).toEqual(['200', '400', '500']);
    // UnauthorizedAuthNotExist falls through to the case returning 401. The limiter's bucket for /auth is a table
    // entry, not read: its 429 is said for no route rather than for all of them.
    expect(statuses('POST /auth')).toEqual(['200', '400', '401']);
  });
});

describe('a binder called inside a comparison', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type ListQuery struct {
	Name string \`form:"name"\`
	Page int    \`form:"page"\`
}

func bindOK(c *gin.Context, v interface{}) bool {
	return c.ShouldBind(v) == nil
}

func list(c *gin.Context) {
	var q ListQuery
	if !bindOK(c, &q) {
		c.JSON(http.StatusBadRequest, gin.H{"error": "bad query"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"name": q.Name})
}

func main() {
	r := gin.New()
	r.GET("/products", list)
	r.Run()
}
`,
    });

  it('reads the query a helper binds in `return c.ShouldBind(v) == nil`', async () => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    const op = implemented?.surface.operations.find((o) => o.path === '/products');
    expect((op?.parameters ?? []).map((p) => `${p.in}.${p.name}`).sort()).toEqual(['query.name', 'query.page']);
  });
});

describe('statuses of errors made by the project errors package and read back through its own As', () => {
  const repo = () =>
    memoryRepo({
      'go.mod':
        'module example.com/shop/v3\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/pkg/errors v0.9.1\n)\n',
      'pkg/errors/errors.go': `package errors

import (
	"fmt"
	"net/http"

	"github.com/pkg/errors"
)

type Error struct {
	ID     string \`json:"id,omitempty"\`
	Code   int32  \`json:"code,omitempty"\`
	Detail string \`json:"detail,omitempty"\`
}

func (e *Error) Error() string { return e.Detail }

func BadRequest(id, format string, a ...interface{}) error {
	if id == "" {
		id = "bad_request"
	}
	return &Error{ID: id, Code: http.StatusBadRequest, Detail: fmt.Sprintf(format, a...)}
}

func NotFound(id, format string, a ...interface{}) error {
	if id == "" {
		id = "not_found"
	}
	return &Error{ID: id, Code: http.StatusNotFound, Detail: fmt.Sprintf(format, a...)}
}

func InternalServerError(id, format string, a ...interface{}) error {
	return &Error{ID: id, Code: http.StatusInternalServerError, Detail: fmt.Sprintf(format, a...)}
}

func Forbidden(id, format string, a ...interface{}) error {
	return &Error{ID: id, Code: http.StatusForbidden, Detail: fmt.Sprintf(format, a...)}
}

func TooManyRequests(id, format string, a ...interface{}) error {
	return &Error{ID: id, Code: http.StatusTooManyRequests, Detail: fmt.Sprintf(format, a...)}
}

func FromError(err error) *Error {
	if err == nil {
		return nil
	}
	if verr, ok := err.(*Error); ok && verr != nil {
		return verr
	}
	return &Error{Detail: err.Error()}
}

// As finds the first error in err's chain that is an *Error.
func As(err error) (*Error, bool) {
	if err == nil {
		return nil, false
	}
	var merr *Error
	if errors.As(err, &merr) {
		return merr, true
	}
	return nil, false
}
`,
      'pkg/util/gin.go': `package util

import (
	"encoding/json"
	"net/http"

	"example.com/shop/v3/pkg/errors"
	"github.com/gin-gonic/gin"
)

type ResponseResult struct {
	Success bool          \`json:"success"\`
	Data    interface{}   \`json:"data,omitempty"\`
	Error   *errors.Error \`json:"error,omitempty"\`
}

func ParseQuery(c *gin.Context, obj interface{}) error {
	if err := c.ShouldBindQuery(obj); err != nil {
		return errors.BadRequest("", "Failed to parse query: %s", err.Error())
	}
	return nil
}

func ResJSON(c *gin.Context, status int, v interface{}) {
	buf, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	c.Data(status, "application/json; charset=utf-8", buf)
	c.Abort()
}

func ResSuccess(c *gin.Context, v interface{}) {
	ResJSON(c, http.StatusOK, ResponseResult{Success: true, Data: v})
}

func ResError(c *gin.Context, err error, status ...int) {
	var ierr *errors.Error
	if e, ok := errors.As(err); ok {
		ierr = e
	} else {
		ierr = errors.FromError(errors.InternalServerError("", err.Error()))
	}
	code := int(ierr.Code)
	if len(status) > 0 {
		code = status[0]
	}
	ierr.Code = int32(code)
	ResJSON(c, code, ResponseResult{Error: ierr})
}
`,
      'pkg/middleware/permission.go': `package middleware

import (
	"strings"

	"example.com/shop/v3/pkg/errors"
	"example.com/shop/v3/pkg/util"
	"github.com/gin-gonic/gin"
)

var ErrPermissionDenied = errors.Forbidden("permission.denied", "Permission denied")

type PermissionConfig struct {
	AllowedPathPrefixes []string
	SkippedPathPrefixes []string
	Allow               func(c *gin.Context) bool
}

func hasPrefix(c *gin.Context, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(c.Request.URL.Path, p) {
			return true
		}
	}
	return false
}

func AllowedPathPrefixes(c *gin.Context, prefixes ...string) bool {
	return len(prefixes) == 0 || hasPrefix(c, prefixes...)
}

func SkippedPathPrefixes(c *gin.Context, prefixes ...string) bool {
	return hasPrefix(c, prefixes...)
}

func PermissionWithConfig(config PermissionConfig) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !AllowedPathPrefixes(c, config.AllowedPathPrefixes...) ||
			SkippedPathPrefixes(c, config.SkippedPathPrefixes...) {
			c.Next()
			return
		}
		if !config.Allow(c) {
			util.ResError(c, ErrPermissionDenied)
			return
		}
		c.Next()
	}
}

type LimiterConfig struct {
	Enable bool
}

func Empty() gin.HandlerFunc {
	return func(c *gin.Context) { c.Next() }
}

func LimiterWithConfig(config LimiterConfig) gin.HandlerFunc {
	if !config.Enable {
		return Empty()
	}
	return func(c *gin.Context) {
		if c.GetHeader("X-Burst") != "" {
			util.ResError(c, errors.TooManyRequests("", "Too many requests"))
			return
		}
		c.Next()
	}
}
`,
      'internal/biz/product.go': `package biz

import (
	"context"

	"example.com/shop/v3/pkg/errors"
)

type Product struct {
	ID   string \`json:"id"\`
	Name string \`json:"name"\`
}

type ProductQuery struct {
	Name string \`form:"name"\`
}

type ProductBIZ struct{}

func (b *ProductBIZ) Get(ctx context.Context, id string) (*Product, error) {
	if id == "" {
		return nil, errors.NotFound("", "Product not found")
	}
	return &Product{ID: id}, nil
}

func (b *ProductBIZ) NewID(ctx context.Context) (*Product, error) {
	return &Product{ID: "p-1"}, nil
}
`,
      'internal/api/product.go': `package api

import (
	"example.com/shop/v3/internal/biz"
	"example.com/shop/v3/pkg/middleware"
	"example.com/shop/v3/pkg/util"
	"github.com/gin-gonic/gin"
)

type ProductAPI struct {
	BIZ *biz.ProductBIZ
}

func (a *ProductAPI) Query(c *gin.Context) {
	var params biz.ProductQuery
	if err := util.ParseQuery(c, &params); err != nil {
		util.ResError(c, err)
		return
	}
	util.ResSuccess(c, []biz.Product{})
}

func (a *ProductAPI) Get(c *gin.Context) {
	item, err := a.BIZ.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		util.ResError(c, err)
		return
	}
	util.ResSuccess(c, item)
}

func (a *ProductAPI) NewID(c *gin.Context) {
	data, err := a.BIZ.NewID(c.Request.Context())
	if err != nil {
		util.ResError(c, err)
		return
	}
	util.ResSuccess(c, data)
}

func (a *ProductAPI) Register(r *gin.Engine) {
	r.Use(middleware.PermissionWithConfig(middleware.PermissionConfig{
		AllowedPathPrefixes: []string{"/api/"},
		SkippedPathPrefixes: []string{"/api/v1/product-ids"},
		Allow:               func(c *gin.Context) bool { return c.GetHeader("X-Role") == "admin" },
	}))
	r.Use(middleware.LimiterWithConfig(middleware.LimiterConfig{Enable: false}))
	g := r.Group("/api/v1")
	g.GET("/product-ids", a.NewID)
	g.GET("/products", a.Query)
	g.GET("/products/:id", a.Get)
}
`,
      'main.go': `package main

import (
	"example.com/shop/v3/internal/api"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	(&api.ProductAPI{}).Register(r)
	r.Run()
}
`,
    });

  it('answers 400 for a query that does not bind and 404 for a missing product, the status held in the error the package made', async () => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    const statuses = (path: string) =>
      (implemented?.surface.operations.find((o) => o.path === path)?.responses ?? []).map((r) => r.status).sort();
    // `ResError` reads the error back with the package's `As` (errors.As into an *Error, handed back first) and
    // writes `int(ierr.Code)`; the optional `status ...int` override is not passed, so the code stays the error's.
    // The permission middleware's 403 (an `Err…` variable its package made once) goes to the routes under its
    // allowed prefix; the limiter, swapped for an empty middleware when its option is off, adds no 429.
    expect(statuses('/api/v1/products')).toEqual(['200', '400', '403', '500']);
    expect(statuses('/api/v1/products/{id}')).toEqual(['200', '403', '404', '500']);
  });

  it('answers no error status where the service returns a nil error at every return, nor the 403 of a middleware that skips the path', async () => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    const op = implemented?.surface.operations.find((o) => o.path === '/api/v1/product-ids');
    expect((op?.responses ?? []).map((r) => r.status)).toEqual(['200']);
  });
});

describe('nil slices on the wire', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/cal\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Hour struct {
	Hour int \`json:"hour"\`
}

type Day struct {
	Date  string \`json:"date"\`
	Hours []Hour \`json:"hours"\`
}

type Week struct {
	Days []Day \`json:"days"\`
	Tags []string \`json:"tags"\`
}

func toDays(dates []string, busy map[string][]int) []Day {
	var days []Day
	for _, d := range dates {
		var hours []Hour
		for _, h := range busy[d] {
			hours = append(hours, Hour{Hour: h})
		}
		days = append(days, Day{Date: d, Hours: hours})
	}
	return days
}

func week(c *gin.Context) {
	days := toDays(c.QueryArray("date"), nil)
	tags := make([]string, 0)
	var seen []string
	seen = append(seen, "all")
	tags = append(tags, seen...)
	resp := Week{days, tags}
	c.JSON(http.StatusOK, resp)
}

func main() {
	r := gin.Default()
	r.GET("/week", week)
	r.Run()
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: cal, version: "1"}
paths:
  /week:
    get:
      parameters:
        - {name: date, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [days, tags]
                properties:
                  days:
                    type: array
                    items:
                      type: object
                      required: [date, hours]
                      properties:
                        date: {type: string}
                        hours: {type: array, items: {type: object, properties: {hour: {type: integer}}}}
                  tags: {type: array, items: {type: string}}
`,
    });

  it('reports null for a slice only grown by append in a loop, and not for one made or always appended to', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(findings.map((f) => `${f.rule} ${f.subject} ${f.confidence}`).sort()).toEqual([
      // No date asked: `days` stays nil and `encoding/json` sends `"days": null`.
      'field-type-mismatch response.200.days#null certain',
      // A date without busy hours: that day's `hours` stays nil, inferred inside the helper that built it.
      'field-type-mismatch response.200.days[].hours#null likely',
    ]);
  });
});

describe('pointers on the wire', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/msgs\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

type Message struct {
	ID       uint
	Text     string
	Priority int
}

type MessageExternal struct {
	ID       uint   \`json:"id"\`
	Text     string \`json:"text"\`
	Priority *int   \`json:"priority"\`
}

type Client struct {
	Name     string     \`json:"name"\`
	LastUsed *time.Time \`json:"lastUsed"\`
}

func toExternal(m *Message) *MessageExternal {
	return &MessageExternal{ID: m.ID, Text: m.Text, Priority: &m.Priority}
}

func toExternals(stored []Message) []*MessageExternal {
	out := make([]*MessageExternal, 0, len(stored))
	for i := range stored {
		out = append(out, toExternal(&stored[i]))
	}
	return out
}

func listMessages(c *gin.Context) {
	stored := []Message{{ID: 1, Text: "hi"}}
	c.JSON(http.StatusOK, toExternals(stored))
}

func createClient(c *gin.Context) {
	client := Client{Name: c.Query("name")}
	c.JSON(http.StatusOK, client)
}

func main() {
	r := gin.Default()
	r.GET("/message", listMessages)
	r.POST("/client", createClient)
	r.Run()
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: msgs, version: "1"}
paths:
  /message:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  required: [id, text, priority]
                  properties:
                    id: {type: integer}
                    text: {type: string}
                    priority: {type: integer}
  /client:
    post:
      parameters:
        - {name: name, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [name, lastUsed]
                properties:
                  name: {type: string}
                  lastUsed: {type: string, format: date-time}
`,
    });

  it('calls a pointer nullable only when some literal of its type leaves it nil', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    // `Priority: &m.Priority` in the one literal that makes a MessageExternal: never null, nor are the elements of
    // the slice of pointers the handler fills. A new Client leaves `LastUsed` nil: `"lastUsed": null`.
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject}`)).toEqual([
      'field-type-mismatch POST /client response.200.lastUsed#null',
    ]);
  });
});

describe('query structs Gin binds and validates', () => {
  it('requires a parameter a rule refuses empty, unless its form tag gives a default', async () => {
    const repo = memoryRepo({
      'go.mod': 'module example.com/tags\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type TagListRequest struct {
	Name  string \`form:"name" binding:"min=2,max=100"\`
	State uint8  \`form:"state,default=1" binding:"oneof=1 2"\`
}

func listTags(c *gin.Context) {
	param := TagListRequest{}
	if err := c.ShouldBindQuery(&param); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"name": param.Name})
}

func main() {
	r := gin.Default()
	r.GET("/tags", listTags)
	r.Run()
}
`,
    });
    const result = await analyze({ repo, config: defaultConfig() });
    const op = result.implemented?.surface.operations.find((o) => o.path === '/tags');
    const params = Object.fromEntries((op?.parameters ?? []).map((p) => [p.name, [p.required, p.schema.enum]]));
    // `min=2` refuses the empty name a request without it binds; `state` gets its default 1 first, which `oneof` allows.
    expect(params).toEqual({ name: [true, undefined], state: [false, [1, 2]] });
  });
});

/**
 * A layered Gin service (the shape of go-programming-tour-book/blog-service): handlers bind through a project helper
 * calling `c.ShouldBind`, lists come from a service that grows a slice in a loop and returns `nil, err` on failure,
 * and every answer goes through a response helper that sends `gin.H{}` for a nil value.
 */
describe('form binding on GET, nil slices from a service, and a default for a nil body', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/blog\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'app/app.go': `package app

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Response struct {
	Ctx *gin.Context
}

func NewResponse(ctx *gin.Context) *Response {
	return &Response{Ctx: ctx}
}

func (r *Response) ToResponse(data interface{}) {
	if data == nil {
		data = gin.H{}
	}
	r.Ctx.JSON(http.StatusOK, data)
}

func (r *Response) ToResponseList(list interface{}, total int) {
	r.Ctx.JSON(http.StatusOK, gin.H{"list": list, "total": total})
}

func BindAndValid(c *gin.Context, v interface{}) bool {
	if err := c.ShouldBind(v); err != nil {
		return false
	}
	return true
}
`,
      'service/article.go': `package service

type ArticleRequest struct {
	ID    uint32 \`form:"id" binding:"required,gte=1"\`
	State uint8  \`form:"state,default=1" binding:"oneof=0 1"\`
}

type CreateArticleRequest struct {
	Title string \`form:"title" json:"title" binding:"required"\`
}

type Article struct {
	ID    uint32 \`json:"id"\`
	Title string \`json:"title"\`
	Tag   string \`json:"tag"\`
}

type Row struct {
	ID    uint32
	Title string
}

type Service struct{}

func load() ([]*Row, error) { return []*Row{}, nil }

func (s Service) GetArticle(p *ArticleRequest) (*Article, error) {
	return &Article{ID: p.ID}, nil
}

func (s Service) ListArticles() ([]*Article, int, error) {
	rows, err := load()
	if err != nil {
		return nil, 0, err
	}
	var list []*Article
	for _, r := range rows {
		list = append(list, &Article{ID: r.ID, Title: r.Title})
	}
	return list, len(list), nil
}
`,
      'main.go': `package main

import (
	"net/http"

	"example.com/blog/app"
	"example.com/blog/service"
	"github.com/gin-gonic/gin"
)

func getArticle(c *gin.Context) {
	param := service.ArticleRequest{}
	response := app.NewResponse(c)
	if !app.BindAndValid(c, &param) {
		c.JSON(http.StatusBadRequest, gin.H{})
		return
	}
	article, err := service.Service{}.GetArticle(&param)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{})
		return
	}
	response.ToResponse(article)
}

func listArticles(c *gin.Context) {
	response := app.NewResponse(c)
	articles, total, err := service.Service{}.ListArticles()
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{})
		return
	}
	response.ToResponseList(articles, total)
}

func createArticle(c *gin.Context) {
	param := service.CreateArticleRequest{}
	if !app.BindAndValid(c, &param) {
		c.JSON(http.StatusBadRequest, gin.H{})
		return
	}
	app.NewResponse(c).ToResponse(nil)
}

func main() {
	r := gin.Default()
	r.GET("/articles/:id", getArticle)
	r.GET("/articles", listArticles)
	r.POST("/articles", createArticle)
	r.Run()
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: blog, version: "1"}
paths:
  /articles:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  list: {type: array, items: {$ref: '#/components/schemas/Article'}}
                  total: {type: integer}
        "500": {description: failed}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {title: {type: string}}, required: [title]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object}
        "400": {description: bad}
  /articles/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Article'}
        "400": {description: bad}
        "500": {description: failed}
components:
  schemas:
    Article:
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
`,
    });

  it('reads the form tags c.ShouldBind binds on GET as query parameters, the list a service may leave nil, and the value a nil default does not replace', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject}`).sort()).toEqual([
      // The service returns `nil, 0, err` only with an error; on success `list` is nil when no row is read.
      'field-type-mismatch GET /articles response.200.list#null',
      // On GET, gin's form binding reads ArticleRequest's form tags from the query string.
      'undocumented-parameter GET /articles/{id} query.id',
      'undocumented-parameter GET /articles/{id} query.state',
      'undocumented-response-field GET /articles response.200.list[].tag',
      // `if data == nil { data = gin.H{} }` leaves the article the handler passed as it is.
      'undocumented-response-field GET /articles/{id} response.200.tag',
    ]);
  });
});

/**
 * bagashiz/go-pos (a public Gin app, kept under test/fixtures/real-apps-holdout-4): errors go out through
 * `handleAbort(ctx, err)` / `handleError(ctx, err)`, which look the status up in a package-level
 * `map[error]int{domain.ErrEmptyAuthorizationHeader: http.StatusUnauthorized, …}`; update requests bind structs
 * tagged `binding:"omitempty,required"`.
 */
describe('go-pos: statuses from a map of sentinel errors, and fields whose rules start with omitempty', () => {
  const goPos = () => localRepo(join(import.meta.dirname, '../fixtures/real-apps-holdout-4/go-pos'));

  it('answers the statuses the error map gives the sentinels the middleware and the services return, and 500 for others', async () => {
    const { implemented } = await analyze({ repo: goPos(), config: defaultConfig(), docs: ['docs/swagger.yaml'] });
    const statuses = (key: string) =>
      (implemented?.surface.operations.find((o) => `${o.method} ${o.path}` === key)?.responses ?? [])
        .map((r) => r.status)
        .sort();
    // authMiddleware: `handleAbort(ctx, domain.ErrEmptyAuthorizationHeader)` and its kin map to 401; the token
    // service's own error is not a sentinel the map is looked up with, so its 500 fallback stays.
    expect(statuses('GET /v1/users')).toEqual(['200', '400', '401', '500']);
    // adminMiddleware, installed after the reads: `handleAbort(ctx, domain.ErrForbidden)` → 403. The handler's
    // `handleError(ctx, err)` answers what the service's sentinels map to: UserService.UpdateUser returns
    // domain.ErrDataNotFound (404) and passes on the repository's domain.ErrConflictingData (409).
    expect(statuses('PUT /v1/users/{id}')).toEqual(['200', '400', '401', '403', '404', '409', '500']);
    // The open sign-up route sees neither middleware; the repository's unique violation is a 409.
    expect(statuses('POST /v1/users')).toEqual(['200', '400', '409', '500']);
    // ProductService.ListProducts: `if err == domain.ErrDataNotFound { return nil, err }` for a product's category.
    expect(statuses('GET /v1/products')).toEqual(['200', '400', '401', '404', '500']);
  });

  it('reports a documented required field whose binding starts with omitempty, and none where binding requires it', async () => {
    const { findings } = await analyze({ repo: goPos(), config: defaultConfig(), docs: ['docs/swagger.yaml'] });
    const required = findings
      .filter((f) => f.rule === 'field-required-mismatch')
      .map((f) => `${f.operation} ${f.subject}`)
      .sort();
    // updateUserRequest: `binding:"omitempty,required,email"` and kin; the validator stops at omitempty on an
    // absent field. registerRequest's `binding:"required,email"` fields agree with the docs.
    expect(required.filter((k) => k.startsWith('PUT /v1/users/{id}'))).toEqual([
      'PUT /v1/users/{id} request.email',
      'PUT /v1/users/{id} request.name',
      'PUT /v1/users/{id} request.password',
      'PUT /v1/users/{id} request.role',
    ]);
    expect(required.filter((k) => k.startsWith('POST /v1/users '))).toEqual([]);
    // createPaymentRequest: only `logo` is `omitempty,required`; name and type are `required`.
    expect(required.filter((k) => k.startsWith('POST /v1/payments '))).toEqual(['POST /v1/payments request.logo']);
  });
});

describe('go-rest-api-example: the elements of a slice bound without dive', () => {
  it('requires nothing of the elements whose tags go-playground/validator never checks', async () => {
    // rameshsunkara/go-rest-api-example (a public Gin app, kept under test/fixtures/real-apps-holdout-4):
    // `OrderInput.Products []ProductInput \`binding:"required"\`` has no `dive`, so the validator never descends into
    // the products, and ProductInput's `binding:"required"` tags (name, price, quantity) are never checked.
    const repo = localRepo(join(import.meta.dirname, '../fixtures/real-apps-holdout-4/go-rest-api-example'));
    const { findings, implemented } = await analyze({ repo, config: defaultConfig(), docs: ['OpenApi-v1.yaml'] });
    expect(
      findings.filter((f) => f.rule === 'field-required-mismatch' && f.subject?.startsWith('request.products')),
    ).toEqual([]);
    const body = implemented?.surface.operations.find((o) => o.method === 'POST')?.requestBody?.content[
      'application/json'
    ]?.schema;
    const order = body?.$ref === undefined ? undefined : implemented?.surface.schemas[body.$ref];
    // The list itself stays required: its own tag is checked.
    expect(order?.required).toEqual(['products']);
  });
});

describe('go-rest-api-example: a slice field the struct literals leave unset', () => {
  it('reads the field as null where every literal of the type leaves it out and nothing assigns it later', async () => {
    // `external.Order{ID: id, …, Products: order.Products, …}` never sets `Updates []data.OrderUpdate` (no omitempty),
    // and no code assigns `.Updates`: encoding/json writes `"updates": null`, documented as an array.
    const repo = localRepo(join(import.meta.dirname, '../fixtures/real-apps-holdout-4/go-rest-api-example'));
    const { findings } = await analyze({ repo, config: defaultConfig(), docs: ['OpenApi-v1.yaml'] });
    const nulls = findings
      .filter((f) => f.rule === 'field-type-mismatch' && f.subject?.endsWith('#null'))
      .map((f) => `${f.operation} ${f.subject}`)
      .sort();
    expect(nulls).toContain('POST /v1/orders response.201.updates#null');
    // The list is `make([]external.Order, 0, n)` filled by `append`: a value of that slice type, each item an Order.
    expect(nulls).toContain('GET /v1/orders response.200.[].updates#null');
    // `products` is set by every literal: never null.
    expect(nulls.filter((k) => k.includes('products'))).toEqual([]);
  });
});

describe('a CORS middleware answering the preflight, and headers a proxy writes', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'middleware/cors.go': `package middleware

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func Cors() gin.HandlerFunc {
	return func(c *gin.Context) {
		method := c.Request.Method
		c.Header("Access-Control-Allow-Origin", "*")
		if method == "OPTIONS" {
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
	}
}

func OnlyGet() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet {
			c.AbortWithStatus(http.StatusMethodNotAllowed)
			return
		}
		c.Next()
	}
}
`,
      'main.go': `package main

import (
	"net/http"

	"example.com/app/middleware"
	"github.com/gin-gonic/gin"
)

func visit(c *gin.Context) {
	ip := c.GetHeader("X-Forwarded-For")
	if ip == "" {
		ip = c.Request.Header.Get("X-Real-IP")
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func main() {
	r := gin.Default()
	r.Use(middleware.Cors())
	r.GET("/visits", visit)
	r.POST("/visits", middleware.OnlyGet(), visit)
	r.Run()
}
`,
      'swagger.yaml': `swagger: "2.0"
info: {title: visits, version: "1"}
paths:
  /visits:
    get:
      responses:
        "200": {description: ok, schema: {type: object, properties: {ok: {type: boolean}}}}
    post:
      responses:
        "200": {description: ok, schema: {type: object, properties: {ok: {type: boolean}}}}
`,
    });

  it('answers no 204 on a GET route behind a middleware that answers OPTIONS requests, and no PII for X-Forwarded-For', async () => {
    const { findings, diagnostics } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['swagger.yaml'] });
    // The preflight branch runs for OPTIONS only; the guard testing `!= http.MethodGet` refuses the POST route.
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      'undocumented-status POST /visits 405',
    ]);
    // The proxy headers are named, not dropped quietly.
    const proxy = diagnostics.find((d) => d.code === 'proxy-headers-not-compared');
    expect(proxy?.message).toContain('GET /visits reads X-Forwarded-For');
    expect(proxy?.message).toContain('GET /visits reads X-Real-IP');
  });
});

describe('gin-rest-tasks: a helper package in a folder named unlike it, nested query structs, and swag arrays of arrays', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/tasks\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'pkg/http-err/error.go': `package http_err

import "github.com/gin-gonic/gin"

type HTTPError struct {
	Code    int    \`json:"code"\`
	Message string \`json:"message"\`
}

func NewError(c *gin.Context, status int, err error) {
	c.JSON(status, HTTPError{Code: status, Message: err.Error()})
}
`,
      'models/models.go': `package models

type User struct {
	Username string \`json:"username" form:"username"\`
	Hash     string \`json:"hash"\`
}

type Task struct {
	Name string \`json:"name" form:"name"\`
	User User   \`json:"user"\`
}
`,
      'main.go': `package main

import (
	"errors"
	"net/http"

	"example.com/tasks/models"
	"example.com/tasks/pkg/http-err"
	"github.com/gin-gonic/gin"
)

// GetTasks godoc
// @Param name query string false "Name"
// @Success 200 {array} []models.Task
// @Router /tasks [get]
func GetTasks(c *gin.Context) {
	var q models.Task
	_ = c.ShouldBind(&q)
	tasks, err := find(&q)
	if err != nil {
		http_err.NewError(c, http.StatusNotFound, errors.New("tasks not found"))
		return
	}
	c.JSON(http.StatusOK, tasks)
}

func find(q *models.Task) ([]models.Task, error) {
	if q.Name == "" {
		return nil, errors.New("no name")
	}
	return []models.Task{}, nil
}

func main() {
	r := gin.Default()
	r.GET("/tasks", GetTasks)
	r.Run()
}
`,
    });

  it('answers the status the helper writes, reads the nested struct by its tags only, and judges no field under an item the docs make an array', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig() });
    expect(findings.map((f) => `${f.rule} ${f.operation} ${f.subject ?? ''}`).sort()).toEqual([
      // swag's `{array} []models.Task` is an array of arrays; the handler sends an array of objects.
      'field-type-mismatch GET /tasks response.200.[]',
      // `username` is the nested User's form tag (gin fills nested structs); the untagged `Hash` and the struct's own
      // name `User` are not named. A username is personal data.
      'undocumented-parameter GET /tasks query.username',
      'undocumented-pii GET /tasks query.username',
      // `import "…/pkg/http-err"` binds the package by its clause, `http_err`.
      'undocumented-status GET /tasks 404',
    ]);
  });
});

describe('a shared error helper, statuses returned by use cases, and a response wrapper', () => {
  // The clean-architecture Gin layout: use cases behind an interface return a status beside the error, every handler
  // answers through one `NewErrorResponse`/`NewSuccessResponse` pair writing `BaseResponse{Data: …}`, and one helper
  // maps domain errors to statuses with `errors.Is`.
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'internal/domain/user.go': `package domain

import (
	"context"
	"errors"
)

type User struct {
	ID    int    \`json:"id"\`
	Email string \`json:"email"\`
}

var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrExpired  = errors.New("expired")
)

type UserUsecase interface {
	Login(ctx context.Context, email string) (User, int, error)
	GetByID(ctx context.Context, id string) (User, int, error)
	Archive(ctx context.Context, id string) error
}
`,
      'internal/usecase/user.go': `package usecase

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"example.com/shop/internal/domain"
)

type userRepository struct{}

func (r *userRepository) Find(ctx context.Context, id string) (domain.User, int, error) {
	if id == "" {
		return domain.User{}, http.StatusInternalServerError, errors.New("no connection")
	}
	code := http.StatusNotFound
	if id == "gone" {
		code = http.StatusGone
	}
	if id == "0" || id == "gone" {
		return domain.User{}, code, errors.New("user not found")
	}
	return domain.User{ID: 1}, http.StatusOK, nil
}

type userUsecase struct {
	repo *userRepository
}

func NewUserUsecase() domain.UserUsecase { return &userUsecase{repo: &userRepository{}} }

func (u *userUsecase) Login(ctx context.Context, email string) (domain.User, int, error) {
	if email == "locked@example.com" {
		return domain.User{}, http.StatusForbidden, errors.New("account locked")
	}
	if email == "" {
		return domain.User{}, http.StatusUnauthorized, errors.New("invalid credentials")
	}
	return domain.User{ID: 1, Email: email}, http.StatusOK, nil
}

func (u *userUsecase) GetByID(ctx context.Context, id string) (domain.User, int, error) {
	user, code, err := u.repo.Find(ctx, id)
	if err != nil {
		return domain.User{}, code, err
	}
	return user, http.StatusOK, nil
}

func (u *userUsecase) Archive(ctx context.Context, id string) error {
	if id == "0" {
		return fmt.Errorf("archive user %s: %w", id, domain.ErrNotFound)
	}
	if id == "old" {
		return domain.ErrExpired
	}
	return nil
}
`,
      'internal/http/handlers/response.go': `package handlers

import (
	"errors"
	"net/http"

	"example.com/shop/internal/domain"
	"github.com/gin-gonic/gin"
)

type BaseResponse struct {
	Status  bool        \`json:"status"\`
	Message string      \`json:"message"\`
	Data    interface{} \`json:"data,omitempty"\`
}

func NewSuccessResponse(c *gin.Context, statusCode int, message string, data interface{}) {
	c.JSON(statusCode, BaseResponse{Status: true, Message: message, Data: data})
}

func NewErrorResponse(c *gin.Context, statusCode int, message string) {
	c.AbortWithStatusJSON(statusCode, BaseResponse{Status: false, Message: message})
}

func abortWithError(c *gin.Context, err error) {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		NewErrorResponse(c, http.StatusNotFound, err.Error())
	case errors.Is(err, domain.ErrConflict):
		NewErrorResponse(c, http.StatusConflict, err.Error())
	default:
		NewErrorResponse(c, http.StatusInternalServerError, "internal error")
	}
	if err == domain.ErrExpired {
		NewErrorResponse(c, http.StatusGone, err.Error())
	}
}
`,
      'internal/http/handlers/user.go': `package handlers

import (
	"net/http"

	"example.com/shop/internal/domain"
	"github.com/gin-gonic/gin"
)

type UserHandler struct {
	usecase domain.UserUsecase
}

type LoginRequest struct {
	Email string \`json:"email" binding:"required"\`
}

func (h UserHandler) Login(c *gin.Context) {
	var req LoginRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		NewErrorResponse(c, http.StatusBadRequest, err.Error())
		return
	}
	user, statusCode, err := h.usecase.Login(c.Request.Context(), req.Email)
	if err != nil {
		NewErrorResponse(c, statusCode, err.Error())
		return
	}
	NewSuccessResponse(c, statusCode, "login success", gin.H{"user": user})
}

func (h UserHandler) Get(c *gin.Context) {
	user, statusCode, err := h.usecase.GetByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		NewErrorResponse(c, statusCode, err.Error())
		return
	}
	NewSuccessResponse(c, statusCode, "user fetched", user)
}

func (h UserHandler) Archive(c *gin.Context) {
	if err := h.usecase.Archive(c.Request.Context(), c.Param("id")); err != nil {
		abortWithError(c, err)
		return
	}
	NewSuccessResponse(c, http.StatusOK, "user archived", nil)
}
`,
      'main.go': `package main

import (
	"example.com/shop/internal/http/handlers"
	"example.com/shop/internal/usecase"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	h := handlers.NewUserHandler(usecase.NewUserUsecase())
	r.POST("/auth/login", h.Login)
	r.GET("/users/:id", h.Get)
	r.DELETE("/users/:id", h.Archive)
	r.Run()
}
`,
      'internal/http/handlers/new.go': `package handlers

import "example.com/shop/internal/domain"

func NewUserHandler(u domain.UserUsecase) UserHandler { return UserHandler{usecase: u} }
`,
      'docs/swagger.yaml': `swagger: "2.0"
info: {title: shop, version: "1"}
paths:
  /auth/login:
    post:
      parameters:
        - {name: body, in: body, required: true, schema: {type: object, required: [email], properties: {email: {type: string}}}}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/UserResponse"}}
        "400": {description: bad, schema: {$ref: "#/definitions/BaseResponse"}}
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/UserResponse"}}
    delete:
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/BaseResponse"}}
        "500": {description: failed, schema: {$ref: "#/definitions/BaseResponse"}}
definitions:
  BaseResponse:
    type: object
    properties:
      status: {type: boolean}
      message: {type: string}
      data: {type: object}
  User:
    type: object
    properties:
      id: {type: integer}
      email: {type: string}
  UserResponse:
    type: object
    properties:
      status: {type: boolean}
      message: {type: string}
      data: {$ref: "#/definitions/User"}
`,
    });

  it('gives each handler the statuses its own use case returns with an error, and reads the data a helper wraps', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['docs/swagger.yaml'] });
    const fieldLevel = findings.filter((f) => f.subject !== undefined);
    expect(fieldLevel.map((f) => `${f.rule} ${f.operation} ${f.subject}`).sort()).toEqual([
      // `gin.H{"user": user}` handed to NewSuccessResponse lands in `BaseResponse.Data`: the docs put the user there
      // bare. The wrapper is the finding; the e-mail under it is the one the docs list at `data.email` (without an
      // x-pii mark: an inventory matter), not a second, undocumented one.
      'undocumented-response-field POST /auth/login response.200.data.user',
      // The helper's switch answers 404 for the error Archive wraps (`errors.Is` finds it in the chain) and 410 for
      // the one it returns as is; its 409 is for an error Archive never returns, and 500 (any other) is documented.
      'undocumented-status DELETE /users/{id} 404',
      'undocumented-status DELETE /users/{id} 410',
      // GetByID hands on the status its repository returns with an error (404 or 410, 500 when the database fails)
      // and returns 200 with none: the success call answers 200 only.
      'undocumented-status GET /users/{id} 404',
      'undocumented-status GET /users/{id} 410',
      'undocumented-status GET /users/{id} 500',
      // Login returns 401 and 403 with its errors; the 400 of the binding is documented.
      'undocumented-status POST /auth/login 401',
      'undocumented-status POST /auth/login 403',
    ]);
  });
});

describe('a global middleware refusing requests by their Host', () => {
  // A local server's DNS-rebinding protection: the router `Use`s a middleware answering 403 when the Host header is not
  // an allowed one, beside a limiter every request meets.
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/local\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'server/hosts.go': `package server

import (
	"net"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

func isLocal(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	return host == "localhost" || strings.HasPrefix(host, "127.")
}

func allowedHostsMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !isLocal(c.Request) {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

func originMiddleware(c *gin.Context) {
	if origin := c.GetHeader("Host"); origin == "" {
		c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": "no host"})
		return
	}
	c.Next()
}

// The allowlist written the other way round: the allowed Hosts go on inside the branch, the 403 follows it.
func loopbackHosts(c *gin.Context) {
	host, _, err := net.SplitHostPort(c.Request.Host)
	if err != nil {
		host = c.Request.Host
	}
	if host == "localhost" || strings.HasPrefix(host, "127.") {
		if c.Request.Method == http.MethodOptions {
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
		return
	}
	c.AbortWithStatus(http.StatusForbidden)
}

// The same shape on a key, not the Host: its 401 is the route's.
func keyGate(c *gin.Context) {
	if c.GetHeader("X-Key") != "" {
		c.Next()
		return
	}
	c.AbortWithStatus(http.StatusUnauthorized)
}

func limit(c *gin.Context) {
	if c.GetHeader("X-Too-Many") != "" {
		c.AbortWithStatus(http.StatusTooManyRequests)
		return
	}
	c.Next()
}

func version(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"version": "1"})
}

func Routes() *gin.Engine {
	r := gin.New()
	r.Use(allowedHostsMiddleware(), originMiddleware, loopbackHosts, keyGate, limit)
	r.GET("/api/version", version)
	return r
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: local, version: "1"}
paths:
  /api/version:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {version: {type: string}}}
`,
    });

  it('reports the 429 of the limiter and the 401 of the key check on the route, and not the 403 of a Host allowlist', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(
      findings
        .filter((f) => f.subject !== undefined)
        .map((f) => `${f.rule} ${f.operation} ${f.subject}`)
        .sort(),
    ).toEqual(['undocumented-status GET /api/version 401', 'undocumented-status GET /api/version 429']);
  });
});

describe('a Gin app documented by swag at basePath "/" while its routes sit in a /v1 group, answering through a response struct', () => {
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'models/response.go': `package models

import "github.com/gin-gonic/gin"

type Response struct {
	StatusCode int                    \`json:"-"\`
	Success    bool                   \`json:"success"\`
	Message    string                 \`json:"message"\`
	Data       map[string]interface{} \`json:"data"\`
}

func (response *Response) SendResponse(c *gin.Context) {
	c.AbortWithStatusJSON(response.StatusCode, response)
}
`,
      'models/note.go': `package models

type NoteRequest struct {
	Title   string \`json:"title" binding:"required"\`
	Content string \`json:"content"\`
}
`,
      'controllers/notes.go': `package controllers

import (
	"net/http"
	"strconv"

	"example.com/notes/models"
	"github.com/gin-gonic/gin"
)

func CreateNote(c *gin.Context) {
	response := &models.Response{StatusCode: http.StatusBadRequest, Success: false}
	var req models.NoteRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		response.Message = err.Error()
		response.SendResponse(c)
		return
	}
	response.StatusCode = http.StatusCreated
	response.Success = true
	response.SendResponse(c)
}

func GetNotes(c *gin.Context) {
	response := &models.Response{StatusCode: http.StatusBadRequest, Success: false}
	page, err := strconv.Atoi(c.DefaultQuery("page", "1"))
	if err != nil || page < 1 {
		response.SendResponse(c)
		return
	}
	response.StatusCode = http.StatusOK
	response.Success = true
	response.SendResponse(c)
}
`,
      'middlewares/auth.go': `package middlewares

import (
	"net/http"

	"example.com/notes/models"
	"github.com/gin-gonic/gin"
)

func JWTMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			response := models.Response{StatusCode: http.StatusUnauthorized, Success: false, Message: "no token"}
			response.SendResponse(c)
			return
		}
		c.Next()
	}
}
`,
      'main.go': `package main

import (
	"example.com/notes/controllers"
	"example.com/notes/middlewares"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	v1 := r.Group("/v1")
	handlers := []gin.HandlerFunc{middlewares.JWTMiddleware()}
	notes := v1.Group("/notes", handlers...)
	notes.POST("", controllers.CreateNote)
	notes.GET("", controllers.GetNotes)
	r.Run()
}
`,
      'docs/swagger.yaml': `swagger: "2.0"
info: {title: notes, version: "1"}
basePath: /
paths:
  /v1/notes:
    get:
      parameters:
        - {name: page, in: query, type: string}
      responses:
        "200":
          description: ok
          schema: {$ref: '#/definitions/models.Response'}
        "400":
          description: bad request
          schema: {$ref: '#/definitions/models.Response'}
    post:
      parameters:
        - name: req
          in: body
          required: true
          schema: {$ref: '#/definitions/models.NoteRequest'}
      responses:
        "200":
          description: ok
          schema: {$ref: '#/definitions/models.Response'}
        "400":
          description: bad request
          schema: {$ref: '#/definitions/models.Response'}
definitions:
  models.Response:
    type: object
    properties:
      success: {type: boolean}
      message: {type: string}
      data: {type: object}
  models.NoteRequest:
    type: object
    properties:
      title: {type: string}
      content: {type: string}
`,
    });

  it('answers the 201 and the 401 a later assignment to the struct status field gives, and the request field binding requires', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['docs/swagger.yaml'] });
    const fields = findings.filter((f) => f.rule !== 'auth-undocumented');
    expect(fields.map((f) => `${f.rule} ${f.operation} ${f.subject}`).sort()).toEqual([
      // `binding:"required"`: gin refuses a body without a title.
      'field-required-mismatch POST /v1/notes request.title',
      // No literal and no assignment fills `Data`: the map goes out as null.
      'field-type-mismatch GET /v1/notes response.200.data#null',
      'field-type-mismatch GET /v1/notes response.400.data#null',
      'field-type-mismatch POST /v1/notes response.400.data#null',
      // The guard spread into the group (`handlers...`) answers 401 through the same struct.
      'undocumented-status GET /v1/notes 401',
      // `response.StatusCode = http.StatusCreated` after the literal's 400: the method sends with the field as set.
      'undocumented-status POST /v1/notes 201',
      'undocumented-status POST /v1/notes 401',
    ]);
  });
});

describe('use cases behind an interface returning errors whose kind a shared helper switches on', () => {
  // The layered idiom: handlers call a use-case interface; its implementation returns `*apperror.DomainError`s made by
  // constructors that set a `Type` constant (an iota enum); one `RespondWithError` answers 422 for a validation error
  // and otherwise asks `mapDomainErrorToHTTP`, whose switch covers every kind, for the status.
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'internal/apperror/error.go': `package apperror

type ErrorType int

const (
	ErrTypeInternal ErrorType = iota
	ErrTypeNotFound
	ErrTypeUnauthorized
	ErrTypeForbidden
	ErrTypeConflict
	ErrTypeBadRequest
)

type DomainError struct {
	Type    ErrorType
	Message string
	Cause   error
}

func (e *DomainError) Error() string { return e.Message }

func New(errType ErrorType, message string) *DomainError {
	return &DomainError{Type: errType, Message: message}
}

func NotFound(msg string) *DomainError  { return New(ErrTypeNotFound, msg) }
func Conflict(msg string) *DomainError  { return New(ErrTypeConflict, msg) }
func Forbidden(msg string) *DomainError { return New(ErrTypeForbidden, msg) }

func InternalCause(cause error) *DomainError {
	return &DomainError{Type: ErrTypeInternal, Message: "internal server error", Cause: cause}
}
`,
      'pkg/validators/validators.go': `package validators

type ValidationErrors struct {
	Errors []string
}

func (v *ValidationErrors) Error() string { return "validation failed" }

func ValidateName(name string) error {
	if name == "" {
		out := &ValidationErrors{Errors: []string{"name"}}
		return out
	}
	return nil
}
`,
      'internal/repository/products.go': `package repository

import (
	"database/sql"
	"errors"

	"example.com/shop/internal/apperror"
)

type Products struct{ db *sql.DB }

func (r *Products) Find(id string) (string, error) {
	var name string
	err := r.db.QueryRow("SELECT name FROM products WHERE id = $1", id).Scan(&name)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", apperror.NotFound("product not found")
		}
		return "", err
	}
	return name, nil
}
`,
      'internal/usecases/products.go': `package usecases

import (
	"fmt"

	"example.com/shop/internal/apperror"
	"example.com/shop/internal/repository"
)

type Usecase interface {
	Get(id string) (string, error)
	Create(name string) error
	Archive(id string) error
}

type usecase struct {
	repo *repository.Products
}

func NewUsecase(repo *repository.Products) Usecase { return &usecase{repo: repo} }

func mapRepoError(err error, op string) error {
	if _, ok := err.(*apperror.DomainError); ok {
		return err
	}
	return apperror.InternalCause(fmt.Errorf("%s: %w", op, err))
}

func (uc *usecase) Get(id string) (name string, err error) {
	found, repoErr := uc.repo.Find(id)
	if repoErr != nil {
		err = mapRepoError(repoErr, "find product")
		return "", err
	}
	return found, nil
}

func (uc *usecase) Create(name string) (err error) {
	if name == "taken" {
		err = apperror.Conflict("product exists")
		return err
	}
	return nil
}

func (uc *usecase) Archive(id string) (err error) {
	_, lookupErr := uc.Get(id)
	if lookupErr != nil {
		err = lookupErr
		return err
	}
	if id == "1" {
		return apperror.Forbidden("archived products stay")
	}
	return nil
}
`,
      'internal/http/respond.go': `package httpx

import (
	"errors"
	"net/http"

	"example.com/shop/internal/apperror"
	"example.com/shop/pkg/validators"
	"github.com/gin-gonic/gin"
)

func mapDomainErrorToHTTP(err error) int {
	var domErr *apperror.DomainError
	if errors.As(err, &domErr) {
		switch domErr.Type {
		case apperror.ErrTypeNotFound:
			return http.StatusNotFound
		case apperror.ErrTypeUnauthorized:
			return http.StatusUnauthorized
		case apperror.ErrTypeForbidden:
			return http.StatusForbidden
		case apperror.ErrTypeConflict:
			return http.StatusConflict
		case apperror.ErrTypeBadRequest:
			return http.StatusBadRequest
		default:
			return http.StatusInternalServerError
		}
	}
	return http.StatusInternalServerError
}

func RespondWithError(c *gin.Context, err error) {
	var ve *validators.ValidationErrors
	if errors.As(err, &ve) {
		c.JSON(http.StatusUnprocessableEntity, gin.H{"errors": ve.Errors})
		return
	}
	c.JSON(mapDomainErrorToHTTP(err), gin.H{"message": err.Error()})
}
`,
      'internal/http/handlers.go': `package httpx

import (
	"net/http"

	"example.com/shop/internal/usecases"
	"example.com/shop/pkg/validators"
	"github.com/gin-gonic/gin"
)

type Handler struct {
	usecase usecases.Usecase
}

func (h Handler) Get(c *gin.Context) {
	name, err := h.usecase.Get(c.Param("id"))
	if err != nil {
		RespondWithError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"name": name})
}

func (h Handler) Create(c *gin.Context) {
	name := c.Query("name")
	if err := validators.ValidateName(name); err != nil {
		RespondWithError(c, err)
		return
	}
	if err := h.usecase.Create(name); err != nil {
		RespondWithError(c, err)
		return
	}
	c.Status(http.StatusCreated)
}

func (h Handler) Archive(c *gin.Context) {
	if err := h.usecase.Archive(c.Param("id")); err != nil {
		RespondWithError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func Register(r *gin.Engine, h Handler) {
	r.GET("/products/:id", h.Get)
	r.POST("/products", h.Create)
	r.POST("/products/:id/archive", h.Archive)
}
`,
      'main.go': `package main

import (
	"example.com/shop/internal/http"
	"example.com/shop/internal/repository"
	"example.com/shop/internal/usecases"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	httpx.Register(r, httpx.Handler{})
	_ = usecases.NewUsecase(&repository.Products{})
	r.Run()
}
`,
    });

  const statuses = async (key: string) => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    return (implemented?.surface.operations.find((o) => `${o.method} ${o.path}` === key)?.responses ?? [])
      .map((r) => r.status)
      .sort();
  };

  it('answers only the statuses of the kinds the implementation returns, not every case of the helper', async () => {
    // The repository's NotFound reaches the handler through the use case's mapRepoError; any other failure is an
    // InternalCause (the switch's default). No 401, 403, 409, 400 or 422: no error of those kinds or types is returned.
    expect(await statuses('GET /products/{id}')).toEqual(['200', '404', '500']);
    // The validation error is the helper's 422; the use case's Conflict its 409.
    expect(await statuses('POST /products')).toEqual(['201', '409', '422']);
    // An error handed on from another method through a second name (`err = lookupErr`), and one returned at once.
    expect(await statuses('POST /products/{id}/archive')).toEqual(['204', '403', '404', '500']);
  });
});

describe('query and path parameters parsed by strconv', () => {
  const repo = () =>
    memoryRepo({
      'go.mod':
        'module example.com/notes\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/go-chi/chi/v5 v5.0.12\n)\n',
      'controllers/notes.go': `package controllers

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

func GetNotes(c *gin.Context) {
	page, _ := strconv.Atoi(c.DefaultQuery("page", "1"))
	limit, err := strconv.Atoi(c.Query("limit"))
	if err != nil {
		limit = 10
	}
	archivedStr := c.Query("archived")
	archived, _ := strconv.ParseBool(archivedStr)
	c.JSON(http.StatusOK, gin.H{"page": page, "limit": limit, "archived": archived, "q": c.Query("q")})
}

func GetNote(c *gin.Context) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"message": "invalid id"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id})
}

func Register(r *gin.Engine) {
	v1 := r.Group("/v1")
	v1.GET("/notes", GetNotes)
	v1.GET("/notes/:id", GetNote)
}
`,
      'main.go': `package main

import (
	"example.com/notes/controllers"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	controllers.Register(r)
	r.Run()
}
`,
    });

  const parameters = async (key: string) => {
    const { implemented } = await analyze({ repo: repo(), config: defaultConfig() });
    const op = implemented?.surface.operations.find((o) => `${o.method} ${o.path}` === key);
    return Object.fromEntries(
      (op?.parameters ?? []).map((p) => [`${p.in}.${p.name}`, { type: p.schema.type, default: p.schema.default }]),
    );
  };

  it('types a parameter by the parser it is handed to, directly or through a variable, with its default', async () => {
    expect(await parameters('GET /v1/notes')).toEqual({
      'query.page': { type: ['integer'], default: 1 },
      'query.limit': { type: ['integer'], default: undefined },
      'query.archived': { type: ['boolean'], default: undefined },
      // Read as it comes: a string.
      'query.q': { type: ['string'], default: undefined },
    });
    expect(await parameters('GET /v1/notes/{id}')).toEqual({ 'path.id': { type: ['integer'], default: undefined } });
  });
});

describe('types that encode or decode themselves', () => {
  // ollama's idiom: a Duration decoded from a number of seconds or a duration string by its own UnmarshalJSON, and a
  // Message whose UnmarshalJSON goes through an alias of itself (its fields keep their shape).
  const repo = () =>
    memoryRepo({
      'go.mod': 'module example.com/llm\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'api/types.go': `package api

import (
	"encoding/json"
	"strings"
	"time"
)

type Duration struct {
	time.Duration
}

func (d *Duration) UnmarshalJSON(b []byte) (err error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch t := v.(type) {
	case float64:
		d.Duration = time.Duration(t * float64(time.Second))
	case string:
		d.Duration, err = time.ParseDuration(t)
	}
	return err
}

type Message struct {
	Role     string \`json:"role"\`
	Content  string \`json:"content"\`
	ToolName string \`json:"tool_name,omitempty"\`
}

func (m *Message) UnmarshalJSON(b []byte) error {
	type Alias Message
	var a Alias
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	*m = Message(a)
	m.Role = strings.ToLower(m.Role)
	return nil
}

type ChatRequest struct {
	Model     string    \`json:"model"\`
	Messages  []Message \`json:"messages"\`
	KeepAlive *Duration \`json:"keep_alive,omitempty"\`
}
`,
      'server/routes.go': `package server

import (
	"net/http"

	"example.com/llm/api"
	"github.com/gin-gonic/gin"
)

func chat(c *gin.Context) {
	var req api.ChatRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"model": req.Model})
}

func Routes() *gin.Engine {
	r := gin.New()
	r.POST("/api/chat", chat)
	return r
}
`,
      'openapi.yaml': `openapi: 3.0.3
info: {title: llm, version: "1"}
paths:
  /api/chat:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                model: {type: string}
                keep_alive: {type: string}
                messages:
                  type: array
                  items:
                    type: object
                    properties:
                      role: {type: string}
                      content: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {model: {type: string}}}
        "400":
          description: bad
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string}}}
`,
    });

  it('compares no shape a type gives itself, and reads the fields of one decoded through an alias of itself', async () => {
    const { findings } = await analyze({ repo: repo(), config: defaultConfig(), docs: ['openapi.yaml'] });
    expect(findings.filter((f) => f.subject !== undefined).map((f) => `${f.rule} ${f.operation} ${f.subject}`)).toEqual(
      // keep_alive is a string or a number as Duration's own UnmarshalJSON decides: no type mismatch with the docs.
      ['undocumented-request-field POST /api/chat request.messages[].tool_name'],
    );
  });
});
