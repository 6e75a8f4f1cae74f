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
