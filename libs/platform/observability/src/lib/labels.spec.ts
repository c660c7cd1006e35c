import { codeLabel, methodLabel, nameLabel, routeLabel } from './labels';

describe('metric labels', () => {
  it('keep problem codes and replace anything else', () => {
    expect(codeLabel('CASE.NOT_OPEN')).toBe('CASE.NOT_OPEN');
    expect(codeLabel('HTTP.404')).toBe('HTTP.404');
    expect(codeLabel('Mara Beispiel')).toBe('OTHER');
    expect(codeLabel('CASE.3f1c2a5e-0000-4000-8000-000000000000')).toBe('OTHER');
    expect(codeLabel(`A.${'B'.repeat(80)}`)).toBe('OTHER');
    expect(codeLabel(undefined)).toBe('OTHER');
  });

  it('keep command and projection names', () => {
    expect(nameLabel('OpenCase')).toBe('OpenCase');
    expect(nameLabel('team-signals')).toBe('team-signals');
    expect(nameLabel('case 3f1c2a5e')).toBe('other');
  });

  it('keep route templates, never a path with values in it', () => {
    expect(routeLabel('/api/cases/{id}')).toBe('/api/cases/{id}');
    expect(routeLabel(undefined)).toBe('none');
    expect(routeLabel('/api/cases?q=Müller')).toBe('none');
  });

  it('keep the methods the API answers', () => {
    expect(methodLabel('get')).toBe('GET');
    expect(methodLabel('BREW')).toBe('OTHER');
  });
});
