import { describe, expect, it } from 'vitest';
import { extractImplementedSurface } from '../../../src/sources/code/index.js';
import { springExtractor } from '../../../src/sources/code/java/spring-extractor.js';
import { memoryRepo } from '../../../src/sources/repo/index.js';
import { checkTruth, extractFixture } from './polyglot-truth.js';

describe('Spring MVC routes', () => {
  it('finds exactly the routes of a Spring REST app: constants, arrays of paths, API interfaces, placeholders', async () => {
    const extracted = await extractFixture('spring', [springExtractor]);
    const check = checkTruth(extracted);
    expect({ missing: check.missing, extra: check.extra }).toEqual({ missing: [], extra: [] });
    for (const [op, expression] of Object.entries(extracted.truth.unresolvedPrefix ?? {})) {
      expect(check.unresolved[op], op).toContain(expression);
    }
    expect(check.unparsedFiles).toEqual([...(extracted.truth.unparsed ?? [])].sort());
  });
});

describe('Spring resource handlers', () => {
  it('leaves the patterns of addResourceHandler out of the view and lists each', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'pom.xml':
          '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>',
        'src/main/java/com/ex/WebConfig.java': `package com.ex;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class WebConfig implements WebMvcConfigurer {
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/static/**", "/webjars/**")
            .addResourceLocations("classpath:/static/");
    }
}
`,
        'src/main/java/com/ex/ItemController.java': `package com.ex;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/items")
public class ItemController {
    @GetMapping
    public String list() { return ""; }
}
`,
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /api/items']);
    expect(result.leftOut.map((l) => `${l.method} ${l.path} ${l.line} ${l.reason}`).sort()).toEqual([
      'GET /static/* 11 machinery: static files under /static',
      'GET /webjars/* 11 machinery: static files under /webjars',
    ]);
  });
});

describe('Spring properties from an untrusted repository', () => {
  it('reads the keys of an application.yml whose aliases would expand to billions of values, without walking them all', async () => {
    // Nine levels of ten aliases each: 10^9 leaf paths if every alias were walked (a walk over them all ran for half a
    // minute and then failed on the map's size, losing the whole document and the base path with it).
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const result = await extractImplementedSurface(
      memoryRepo({
        'pom.xml':
          '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>',
        'src/main/resources/application.yml': `api:\n  base-path: /api/v2\n${bomb.join('\n')}\n`,
        'src/main/java/com/ex/ItemController.java': `package com.ex;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("\${api.base-path}/items")
public class ItemController {
    @GetMapping
    public String list() { return "[]"; }
}
`,
      }),
      { frameworks: ['spring'] },
    );
    expect(result.surface.operations.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /api/v2/items']);
  });
});

describe('Spring placeholders the checkout cannot decide', () => {
  const pom =
    '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>';
  const controller = (mapping: string) => `package com.ex;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("${mapping}")
public class ItemController {
    @GetMapping("/{id}")
    public String one(@PathVariable String id) { return "{}"; }
}
`;
  async function routesOf(files: Record<string, string>) {
    const result = await extractImplementedSurface(memoryRepo({ 'pom.xml': pom, ...files }), {
      frameworks: ['spring'],
    });
    return {
      routes: result.surface.operations.map((o) => `${o.method} ${o.path} ${o.unresolvedPrefix ?? '-'}`),
      said: result.surface.diagnostics.filter((d) => d.code === 'prefix-not-resolved').map((d) => d.message),
    };
  }

  it('carries a context path from the environment or Maven filtering as unresolved, said where it is set', async () => {
    expect(
      await routesOf({
        'src/main/java/com/ex/ItemController.java': controller('/items'),
        'src/main/resources/application.yml': `server:\n  port: 8080\n  servlet:\n    context-path: \${CONTEXT_PATH}\n`,
      }),
    ).toEqual({
      routes: [`GET /items/{id} \${CONTEXT_PATH}`],
      said: [
        `prefix not resolved: \${CONTEXT_PATH} at src/main/resources/application.yml:4 (matched as a wildcard prefix)`,
      ],
    });
    expect(
      await routesOf({
        'src/main/java/com/ex/ItemController.java': controller('/items'),
        'src/main/resources/application.properties': 'server.port=8080\nserver.servlet.context-path=@context.path@\n',
      }),
    ).toEqual({
      routes: ['GET /items/{id} @context.path@ (Maven resource filtering)'],
      said: [
        'prefix not resolved: @context.path@ (Maven resource filtering) at src/main/resources/application.properties:2 (matched as a wildcard prefix)',
      ],
    });
  });

  it('resolves a value that names another property, and a default when the key is set only under a profile', async () => {
    expect(
      await routesOf({
        'src/main/java/com/ex/ItemController.java': controller(`\${api.prefix}/items`),
        'src/main/resources/application.properties': `api.version=v2\napi.prefix=/api/\${api.version}\n`,
      }),
    ).toEqual({ routes: ['GET /api/v2/items/{id} -'], said: [] });
    expect(
      await routesOf({
        'src/main/java/com/ex/ItemController.java': controller(`\${api.prefix:/api}/items`),
        'src/main/resources/application-dev.yml': 'api:\n  prefix: /dev-api\n',
      }),
    ).toEqual({ routes: ['GET /api/items/{id} -'], said: [] });
    expect(
      (
        await routesOf({
          'src/main/java/com/ex/ItemController.java': controller(`\${api.prefix}/items`),
          'src/main/resources/application.properties': `api.prefix=\${API_PREFIX}\n`,
        })
      ).routes,
    ).toEqual([`GET /items/{id} \${API_PREFIX}`]);
  });

  it('carries a key two modules set differently as unresolved, naming both', async () => {
    const { routes } = await routesOf({
      'shop-api/src/main/java/com/ex/ItemController.java': controller(`\${api.prefix}/items`),
      'shop-admin/src/main/resources/application.properties': 'api.prefix=/admin-api\n',
      'shop-web/src/main/resources/application.properties': 'api.prefix=/web-api\n',
    });
    expect(routes).toEqual([
      `GET /items/{id} \${api.prefix} (set to /web-api in shop-web/src/main/resources/application.properties and to /admin-api in shop-admin/src/main/resources/application.properties)`,
    ]);
  });
});

describe('Spring properties files', () => {
  const pom =
    '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>';
  const controller = `package com.ex;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("\${api.prefix}/items")
public class ItemController {
    @GetMapping
    public String list() { return "[]"; }
}
`;

  it('reads an application.yml whose values start with a Maven token, so its active profile still counts', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'pom.xml': pom,
        'src/main/java/com/ex/ItemController.java': controller,
        'src/main/resources/application.yml':
          'spring:\n  profiles:\n    active: dev\nproject:\n  version: @project.version@ # filled by Maven\n',
        'src/main/resources/application-dev.yml': 'api:\n  prefix: /dev-api\n',
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path} ${o.unresolvedPrefix ?? '-'}`)).toEqual([
      'GET /dev-api/items -',
    ]);
    expect(result.notices.filter((n) => n.reason === 'unparsable')).toEqual([]);
  });

  it('names a YAML document it cannot parse, with its line, and still reads the documents after it', async () => {
    const result = await extractImplementedSurface(
      memoryRepo({
        'pom.xml': pom,
        'src/main/java/com/ex/ItemController.java': controller,
        'src/main/resources/application.yml': 'server:\n  port: 8080\n  port: 9090\n---\napi:\n  prefix: /api\n',
      }),
    );
    expect(result.surface.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /api/items']);
    const said = result.notices.filter((n) => n.file === 'src/main/resources/application.yml');
    expect(said.map((n) => `${n.reason} ${n.file}:${n.line}`)).toEqual([
      'unparsable src/main/resources/application.yml:3',
    ]);
    expect(said[0]?.detail).toContain('the properties of this YAML document are not read');
  });
});

describe('Spring Cloud Config context paths', () => {
  const pom =
    '<project><dependencies><dependency><groupId>org.springframework.cloud</groupId><artifactId>spring-cloud-starter-config</artifactId></dependency></dependencies></project>';
  const service = (pkg: string, mapping: string) => `package com.ex.${pkg};

import org.springframework.web.bind.annotation.*;

@RestController
public class ${pkg[0]?.toUpperCase()}${pkg.slice(1)}Controller {
    @RequestMapping(path = "${mapping}", method = RequestMethod.GET)
    public String get() { return "{}"; }
}
`;
  const configServer = (resources: string) => ({
    'config/src/main/java/com/ex/config/ConfigApplication.java': `package com.ex.config;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.config.server.EnableConfigServer;

@SpringBootApplication
@EnableConfigServer
public class ConfigApplication {
}
`,
    'config/src/main/resources/application.yml': resources,
  });
  const services = {
    'account-service/src/main/java/com/ex/account/AccountController.java': service('account', '/current'),
    'account-service/src/main/java/com/ex/account/StatisticsClient.java': `package com.ex.account;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.*;

@FeignClient(name = "statistics-service")
public interface StatisticsClient {
    @RequestMapping(method = RequestMethod.PUT, value = "/statistics/{accountName}")
    void updateStatistics(@PathVariable("accountName") String accountName, Object account);
}
`,
    'account-service/src/main/resources/bootstrap.yml':
      'spring:\n  application:\n    name: account-service\n  cloud:\n    config:\n      uri: http://config:8888\n      fail-fast: true\n',
    'statistics-service/src/main/java/com/ex/statistics/StatisticsController.java': service(
      'statistics',
      '/{accountName}',
    ),
    'statistics-service/src/main/resources/bootstrap.yml':
      'spring:\n  application:\n    name: statistics-service\n  cloud:\n    config:\n      uri: http://config:8888\n',
  };

  async function routesOf(files: Record<string, string>) {
    const result = await extractImplementedSurface(memoryRepo({ 'pom.xml': pom, ...files }), {
      frameworks: ['spring'],
    });
    return {
      routes: result.surface.operations.map((o) => `${o.method} ${o.path} ${o.unresolvedPrefix ?? '-'}`).sort(),
      said: result.surface.diagnostics.filter((d) => d.code === 'prefix-not-resolved').map((d) => d.message),
    };
  }

  it("mounts each service under the context path its native config server's shared files give it", async () => {
    expect(
      await routesOf({
        ...configServer(
          'spring:\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/shared\n  profiles:\n     active: native\n\nserver:\n  port: 8888\n',
        ),
        'config/src/main/resources/shared/application.yml':
          'logging:\n  level:\n    org.springframework.security: INFO\nserver:\n  servlet:\n    context-path: /shared-default\n',
        'config/src/main/resources/shared/account-service.yml':
          'server:\n  servlet:\n    context-path: /accounts\n  port: 6000\n',
        'config/src/main/resources/shared/statistics-service.yml':
          'server:\n  servlet:\n    context-path: /statistics\n  port: 7000\n',
        ...services,
      }),
    ).toEqual({ routes: ['GET /accounts/current -', 'GET /statistics/{accountName} -'], said: [] });
  });

  it('applies the profile file of a service over its own file, and the shared application.yml under both', async () => {
    const { routes } = await routesOf({
      ...configServer(
        'spring:\n  profiles:\n    active: native\n  cloud:\n    config:\n      server:\n        native:\n          search-locations:\n            - classpath:/shared\n',
      ),
      'config/src/main/resources/shared/application.yml': 'server:\n  servlet:\n    context-path: /api\n',
      'config/src/main/resources/shared/account-service.yml': 'server:\n  servlet:\n    context-path: /accounts\n',
      'config/src/main/resources/shared/account-service-docker.yml':
        'server:\n  servlet:\n    context-path: /docker-accounts\n',
      ...services,
      'account-service/src/main/resources/bootstrap.yml':
        'spring:\n  application:\n    name: account-service\n  profiles:\n    active: docker\n',
    });
    expect(routes).toEqual(['GET /api/{accountName} -', 'GET /docker-accounts/current -']);
  });

  it('carries the context path of a config server the checkout does not hold as unresolved, naming its URI', async () => {
    expect(
      await routesOf({
        ...services,
        'statistics-service/src/main/resources/application.yml': 'server:\n  port: 7000\n',
      }),
    ).toEqual({
      routes: [
        'GET /current properties of account-service served by the config server at http://config:8888, not in the checkout',
        'GET /{accountName} properties of statistics-service served by the config server at http://config:8888, not in the checkout',
      ],
      said: [
        'prefix not resolved: properties of account-service served by the config server at http://config:8888, not in the checkout at account-service/src/main/resources/bootstrap.yml:3 (matched as a wildcard prefix)',
        'prefix not resolved: properties of statistics-service served by the config server at http://config:8888, not in the checkout at statistics-service/src/main/resources/bootstrap.yml:3 (matched as a wildcard prefix)',
      ],
    });
  });

  it('carries the context path of a Git-backed config server as unresolved, naming the repository', async () => {
    expect(
      await routesOf({
        ...configServer(
          'spring:\n  cloud:\n    config:\n      server:\n        git:\n          uri: https://github.com/ex/config-repo\n',
        ),
        ...services,
      }),
    ).toEqual({
      routes: [
        'GET /current properties of account-service served by the config server in config/ from https://github.com/ex/config-repo, outside the checkout',
        'GET /{accountName} properties of statistics-service served by the config server in config/ from https://github.com/ex/config-repo, outside the checkout',
      ],
      said: [
        'prefix not resolved: properties of account-service served by the config server in config/ from https://github.com/ex/config-repo, outside the checkout at account-service/src/main/resources/bootstrap.yml:3 (matched as a wildcard prefix)',
        'prefix not resolved: properties of statistics-service served by the config server in config/ from https://github.com/ex/config-repo, outside the checkout at statistics-service/src/main/resources/bootstrap.yml:3 (matched as a wildcard prefix)',
      ],
    });
  });
});
