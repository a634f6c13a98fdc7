import {
  apkPackage,
  cleanReport,
  OLD_DIGEST,
  sbomReport,
  TRIVY_IMAGE,
  trivyWorkload,
} from '../__testUtils__/kubernetes/trivy';
import { imageFactsFromReports } from './baseImages';
import { stripTrivyReport } from './strip';

const WHERE = 'prod-eu/shop';

describe('imageFactsFromReports', () => {
  it('takes the operating system and notable packages from the SbomReport of the image that runs', () => {
    const facts = imageFactsFromReports(
      [...trivyWorkload(), stripTrivyReport(sbomReport()), cleanReport()],
      WHERE,
    );
    expect(facts.get(TRIVY_IMAGE)).toEqual({
      os: { family: 'debian', name: 'debian', version: '12.8' },
      packages: ['apt', 'bash', 'dpkg'],
      source: expect.stringMatching(
        /^SbomReport replicaset-.* in prod-eu\/shop$/,
      ),
    });
  });

  it('says a Wolfi image without a package manager or shell carries none', () => {
    const facts = imageFactsFromReports(
      [
        ...trivyWorkload(),
        stripTrivyReport(
          sbomReport({
            os: { name: 'wolfi', version: '20230201' },
            components: [apkPackage('glibc', '2.40-r3', 'wolfi')],
          }),
        ),
      ],
      WHERE,
    );
    expect(facts.get(TRIVY_IMAGE)).toMatchObject({
      os: { family: 'wolfi' },
      packages: [],
    });
  });

  it("falls back to the VulnerabilityReport's operating system, and ignores reports for another image", () => {
    expect(
      imageFactsFromReports([...trivyWorkload(), cleanReport()], WHERE).get(
        TRIVY_IMAGE,
      ),
    ).toEqual({
      os: { family: 'debian', version: '12.8' },
      source: expect.stringMatching(/^VulnerabilityReport /),
    });
    expect(
      imageFactsFromReports(
        [
          ...trivyWorkload(),
          stripTrivyReport(sbomReport({ digest: OLD_DIGEST })),
        ],
        WHERE,
      ).size,
    ).toBe(0);
  });
});
