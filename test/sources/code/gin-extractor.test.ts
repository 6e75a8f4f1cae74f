import { describe, expect, it } from 'vitest';
import { ginExtractor } from '../../../src/sources/code/go/gin-extractor.js';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('Gin routes', () => {
  it('finds exactly the routes of a layered Gin service: groups, functions and methods receiving groups', async () => {
    const extracted = await extractFixture('gin', [ginExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});

describe('Go route tables registered by a project helper', () => {
  it('registers each entry once, by the case of its method, where its path is written, with the group guard', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/orders\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'internal/sbi/routes.go': `package sbi

import "github.com/gin-gonic/gin"

type Route struct {
	Name    string
	Method  string
	Pattern string
	APIFunc gin.HandlerFunc
}

func applyRoutes(group *gin.RouterGroup, routes []Route) {
	for _, route := range routes {
		switch route.Method {
		case "GET":
			group.GET(route.Pattern, route.APIFunc)
		case "POST":
			group.POST(route.Pattern, route.APIFunc)
		case "DELETE":
			group.DELETE(route.Pattern, route.APIFunc)
		}
	}
}
`,
        'internal/sbi/server.go': `package sbi

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"example.com/logging"
)

type Server struct{}

type tokenCheck struct{}

func (t *tokenCheck) Check(c *gin.Context) {
	if c.Request.Header.Get("Authorization") == "" {
		c.JSON(http.StatusUnauthorized, gin.H{"error": "no token"})
		c.Abort()
	}
}

// The engine comes from a helper outside the checkout; the declared result says it is Gin's.
func newRouter(s *Server) *gin.Engine {
	router := logging.NewGin()
	check := &tokenCheck{}
	orders := router.Group("/orders/v1")
	orders.Use(func(c *gin.Context) {
		check.Check(c)
	})
	applyRoutes(orders, s.orderRoutes())
	return router
}

func (s *Server) orderRoutes() []Route {
	return []Route{
		{
			Name:    "List",
			Method:  http.MethodGet,
			Pattern: "/orders",
			APIFunc: s.list,
		},
		{
			Name:    "Cancel",
			Method:  http.MethodDelete,
			Pattern: "/orders/:id",
			APIFunc: s.cancel,
		},
	}
}

func (s *Server) list(c *gin.Context)   { c.JSON(http.StatusOK, []string{}) }
func (s *Server) cancel(c *gin.Context) { c.Status(http.StatusNoContent) }
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line} ${r.auth?.state}`)).toEqual([
      'GET /orders/v1/orders internal/sbi/server.go:38 required',
      'DELETE /orders/v1/orders/{id} internal/sbi/server.go:44 required',
    ]);
  });

  it('reads a table written by position and registered with chi Method', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/items\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n',
        'main.go': `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type route struct {
	method  string
	pattern string
	handler http.HandlerFunc
}

var routes = []route{
	{"GET", "/items", list},
	{"POST", "/items", create},
}

func main() {
	r := chi.NewRouter()
	for _, rt := range routes {
		r.Method(rt.method, rt.pattern, rt.handler)
	}
	http.ListenAndServe(":3000", r)
}

func list(w http.ResponseWriter, r *http.Request)   {}
func create(w http.ResponseWriter, r *http.Request) {}
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`)).toEqual([
      'GET /items main.go:16',
      'POST /items main.go:17',
    ]);
  });
});

describe('Gin Match', () => {
  it('registers one route per listed method, under the group prefix', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/health\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	g := gin.New()
	api := g.Group("/api")
	g.Match([]string{"GET", "HEAD"}, "/health", health)
	api.Match([]string{http.MethodPut, http.MethodPatch}, "/items/:id", health)
	g.Run()
}

func health(c *gin.Context) { c.Status(http.StatusOK) }
`,
      }),
    );
    expect(result.declared.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /health',
      'HEAD /health',
      'PATCH /api/items/{id}',
      'PUT /api/items/{id}',
    ]);
  });
});

describe('Go static-file mounts and CORS preflight answers below the root', () => {
  it('leaves Gin Static mounts, file-server handlers and OPTIONS catch-alls out, each listed', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'main.go': `package main

import (
	"net/http"

	"github.com/gin-contrib/static"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Use(static.Serve("/", static.LocalFile("./web", true)))
	r.Static("/assets", "./assets")
	r.StaticFile("/favicon.ico", "./favicon.ico")
	ui := r.Group("/")
	ui.GET("/static/*any", gin.WrapH(http.FileServer(http.Dir("static"))))
	g := r.Group("/api")
	g.OPTIONS("/*any")
	g.GET("/items", list)
	g.GET("/files/*path", download)
	r.Run()
}

func list(c *gin.Context)     { c.JSON(200, gin.H{}) }
func download(c *gin.Context) { c.File(c.Param("path")) }
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/files/{path}',
      'GET /api/items',
    ]);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} main.go:${l.line} ${l.reason}`).sort()).toEqual([
      'GET /assets/{filepath} main.go:13 machinery: static files under /assets',
      'GET /favicon.ico main.go:14 machinery: static files under /favicon.ico',
      'GET /static/{any} main.go:16 machinery: static files under /static',
      'GET /{filepath} main.go:12 machinery: static files',
      'OPTIONS /api/{any} main.go:18 machinery: CORS preflight answer',
    ]);
  });

  it('leaves a net/http file server mounted under StripPrefix out, listed', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/m\n\ngo 1.22\n',
        'main.go': `package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	mux.HandleFunc("GET /items/{id}", item)
	http.ListenAndServe(":8080", mux)
}

func item(w http.ResponseWriter, r *http.Request) {}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /items/{id}']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toEqual([
      'GET /static machinery: static files under /static',
    ]);
  });
});

describe('A Gin server built by a generic server package', () => {
  it('finds routes across packages through the embedded engine and leaves pprof and Prometheus out, listed', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/iamlike\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'internal/pkg/server/genericapiserver.go': `package server

import (
	"net/http"

	"github.com/gin-contrib/pprof"
	"github.com/gin-gonic/gin"
	ginprometheus "github.com/zsais/go-gin-prometheus"
)

type GenericAPIServer struct {
	healthz         bool
	enableMetrics   bool
	enableProfiling bool
	*gin.Engine
}

func initGenericAPIServer(s *GenericAPIServer) {
	s.InstallAPIs()
}

func (s *GenericAPIServer) InstallAPIs() {
	if s.healthz {
		s.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	}
	if s.enableMetrics {
		prometheus := ginprometheus.NewPrometheus("gin")
		prometheus.Use(s.Engine)
	}
	if s.enableProfiling {
		pprof.Register(s.Engine)
	}
	s.GET("/version", func(c *gin.Context) { c.JSON(http.StatusOK, "v1") })
}

func New() *GenericAPIServer {
	s := &GenericAPIServer{Engine: gin.New()}
	initGenericAPIServer(s)
	return s
}
`,
        'internal/apiserver/server.go': `package apiserver

import genericapiserver "example.com/iamlike/internal/pkg/server"

type apiServer struct {
	genericAPIServer *genericapiserver.GenericAPIServer
}

func (s *apiServer) PrepareRun() {
	initRouter(s.genericAPIServer.Engine)
}
`,
        'internal/apiserver/router.go': `package apiserver

import "github.com/gin-gonic/gin"

func initRouter(g *gin.Engine) {
	installController(g)
}

func installController(g *gin.Engine) *gin.Engine {
	v1 := g.Group("/v1")
	{
		userv1 := v1.Group("/users")
		{
			userv1.POST("", create)
			userv1.GET(":name", get)
		}
	}
	return g
}

func create(c *gin.Context) { c.JSON(201, nil) }
func get(c *gin.Context)    { c.JSON(200, nil) }
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path} ${o.location?.file}`).sort()).toEqual([
      'GET /healthz internal/pkg/server/genericapiserver.go',
      'GET /v1/users/{name} internal/apiserver/router.go',
      'GET /version internal/pkg/server/genericapiserver.go',
      'POST /v1/users internal/apiserver/router.go',
    ]);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`).sort()).toEqual([
      'GET /debug/pprof/{path} machinery: profiling handlers (pprof)',
      'GET /metrics machinery: Prometheus metrics',
    ]);
  });

  it('follows the engine of a server built by a config chain and kept in a struct literal, to the API routes', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/iamlike\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'internal/pkg/server/config.go': `package server

import "github.com/gin-gonic/gin"

type Config struct {
	Healthz bool
}

type CompletedConfig struct {
	*Config
}

func NewConfig() *Config {
	return &Config{Healthz: true}
}

func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{c}
}

func (c CompletedConfig) New() (*GenericAPIServer, error) {
	s := &GenericAPIServer{Engine: gin.New(), healthz: c.Healthz}
	initGenericAPIServer(s)
	return s, nil
}
`,
        'internal/pkg/server/genericapiserver.go': `package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type GenericAPIServer struct {
	healthz bool
	*gin.Engine
}

func initGenericAPIServer(s *GenericAPIServer) {
	s.InstallAPIs()
}

func (s *GenericAPIServer) InstallAPIs() {
	if s.healthz {
		s.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	}
}

func (s *GenericAPIServer) Run() error {
	return http.ListenAndServe(":8080", s)
}
`,
        'internal/apiserver/server.go': `package apiserver

import genericapiserver "example.com/iamlike/internal/pkg/server"

type apiServer struct {
	genericAPIServer *genericapiserver.GenericAPIServer
}

type preparedAPIServer struct {
	*apiServer
}

func buildGenericConfig() (genericConfig *genericapiserver.Config, lastErr error) {
	genericConfig = genericapiserver.NewConfig()
	return
}

func createAPIServer() (*apiServer, error) {
	genericConfig, err := buildGenericConfig()
	if err != nil {
		return nil, err
	}
	genericServer, err := genericConfig.Complete().New()
	if err != nil {
		return nil, err
	}
	return &apiServer{genericAPIServer: genericServer}, nil
}

func (s *apiServer) PrepareRun() preparedAPIServer {
	initRouter(s.genericAPIServer.Engine)
	return preparedAPIServer{s}
}

func (s preparedAPIServer) Run() error {
	return s.genericAPIServer.Run()
}

func Run() error {
	server, err := createAPIServer()
	if err != nil {
		return err
	}
	return server.PrepareRun().Run()
}
`,
        'cmd/apiserver/main.go': `package main

import "example.com/iamlike/internal/apiserver"

func main() {
	if err := apiserver.Run(); err != nil {
		panic(err)
	}
}
`,
        'internal/apiserver/router.go': `package apiserver

import "github.com/gin-gonic/gin"

func initRouter(g *gin.Engine) {
	g.POST("/login", login)
	v1 := g.Group("/v1")
	{
		userv1 := v1.Group("/users")
		userv1.GET(":name", get)
	}
}

func login(c *gin.Context) { c.JSON(200, nil) }
func get(c *gin.Context)   { c.JSON(200, nil) }
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path} ${o.location?.file}`).sort()).toEqual([
      'GET /healthz internal/pkg/server/genericapiserver.go',
      'GET /v1/users/{name} internal/apiserver/router.go',
      'POST /login internal/apiserver/router.go',
    ]);
  });

  it('keeps a metrics route the app declares itself, and leaves a profiling handler out', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/m\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'main.go': `package main

import (
	"net/http/pprof"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
	r := gin.New()
	r.GET("/metrics", gin.WrapH(promhttp.Handler()))
	r.GET("/debug/pprof/", gin.WrapF(pprof.Index))
	r.Run()
}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /metrics']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.reason}`)).toEqual([
      'GET /debug/pprof machinery: profiling handlers (pprof)',
    ]);
  });
});

describe('A Gin engine held in a struct field', () => {
  it('finds the routes a method adds on the field, with the middlewares another method installs', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/admin\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'internal/server/admin.go': `package server

import "github.com/gin-gonic/gin"

const apiPrefix = "/api/"

type AdminServer struct {
	engine *gin.Engine
	port   int
}

func (s *AdminServer) Init() error {
	engine := gin.New()
	s.engine = engine
	engine.NoRoute(func(c *gin.Context) { c.JSON(404, nil) })
	s.registerRoutersV1()
	return nil
}

func (s *AdminServer) registerRoutersV1() {
	v1 := s.engine.Group(apiPrefix + "v1")
	menu := v1.Group("menus")
	{
		menu.GET("", list)
		menu.GET(":id", get)
	}
	v1.POST("login", login)
}

func list(c *gin.Context)  { c.JSON(200, nil) }
func get(c *gin.Context)   { c.JSON(200, nil) }
func login(c *gin.Context) { c.JSON(200, nil) }
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/v1/menus',
      'GET /api/v1/menus/{id}',
      'POST /api/v1/login',
    ]);
  });
});

describe('Gin servers generated by oapi-codegen (gin-server)', () => {
  it('puts the routes at the GinServerOptions base URL on the router the app gives, the 501-free implementation read', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'go.mod': 'module example.com/pets\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
        'api/server.gen.go': `// Code generated by github.com/oapi-codegen/oapi-codegen/v2 version v2.4.1 DO NOT EDIT.
package api

import (
	"github.com/gin-gonic/gin"
)

type ServerInterface interface {
	FindPets(c *gin.Context)
}

type ServerInterfaceWrapper struct {
	Handler            ServerInterface
	HandlerMiddlewares []MiddlewareFunc
}

type MiddlewareFunc func(c *gin.Context)

func (siw *ServerInterfaceWrapper) FindPets(c *gin.Context) {
	for _, middleware := range siw.HandlerMiddlewares {
		middleware(c)
	}
	siw.Handler.FindPets(c)
}

type GinServerOptions struct {
	BaseURL     string
	Middlewares []MiddlewareFunc
}

func RegisterHandlers(router gin.IRouter, si ServerInterface) {
	RegisterHandlersWithOptions(router, si, GinServerOptions{})
}

func RegisterHandlersWithOptions(router gin.IRouter, si ServerInterface, options GinServerOptions) {
	wrapper := ServerInterfaceWrapper{
		Handler:            si,
		HandlerMiddlewares: options.Middlewares,
	}

	router.GET(options.BaseURL+"/pets", wrapper.FindPets)
}
`,
        'main.go': `package main

import (
	"net/http"

	"example.com/pets/api"
	"github.com/gin-gonic/gin"
)

type server struct{}

func (s *server) FindPets(c *gin.Context) { c.JSON(http.StatusOK, []string{}) }

func main() {
	r := gin.Default()
	api.RegisterHandlersWithOptions(r, &server{}, api.GinServerOptions{BaseURL: "/api/v2"})
	v1 := r.Group("/v1")
	api.RegisterHandlers(v1, &server{})
	r.Run()
}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'GET /api/v2/pets',
      'GET /v1/pets',
    ]);
    expect(result.surface.operations.every((o) => o.responses.every((r) => r.status === '200'))).toBe(true);
  });
});
