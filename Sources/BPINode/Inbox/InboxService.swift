import BPIAnchor
import BPIEthereum
import BPITypes
import Foundation
import Logging
import ServiceLifecycle

/// Takes frames from the force-inclusion inboxes on L1s (docs/SPEC.md §18.10): every 250 ms each
/// L1's `InboxWatcher` returns the posts that became deep enough, and each post that decodes as a
/// canonical frame goes into this validator's mempool like a frame from a client — checked by the
/// same frame rules, gossiped, and, held long enough, put on the validator's inclusion lists, so
/// the inclusion rule (§17) obliges proposers to include it. A post that is no valid frame is
/// logged and dropped. Consensus never waits for it.
public actor InboxService: Service {
    let watchers: [InboxWatcher]
    let validator: ValidatorService
    let logger: Logger
    private var lastProblem: [String: String] = [:]

    public init(settings: InboxSettings, chainID: String, validator: ValidatorService, logger: Logger) {
        watchers = settings.sources.map { InboxWatcher(source: $0, chainID: chainID) }
        self.validator = validator
        self.logger = logger
    }

    public func run() async throws {
        logger.info(
            "watching force-inclusion inboxes", metadata: ["l1": "\(watchers.map(\.source.name).joined(separator: ", "))"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.round()
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// One step of every watcher, all L1s at once.
    func round() async {
        let results = await withTaskGroup(of: (String, [ForceInboxEntry]?, String?).self) { group in
            for watcher in watchers {
                group.addTask {
                    let step = await watcher.step()
                    return (watcher.source.name, step.entries, step.problem.map { "\($0)" })
                }
            }
            var out: [(String, [ForceInboxEntry]?, String?)] = []
            for await r in group { out.append(r) }
            return out
        }
        for (name, entries, problem) in results {
            if let problem {
                if lastProblem[name] != problem {
                    logger.warning("inbox unreachable or malformed", metadata: ["l1": "\(name)", "error": "\(problem)"])
                    lastProblem[name] = problem
                }
                continue
            }
            lastProblem[name] = nil
            for entry in entries ?? [] { await take(entry, from: name) }
        }
    }

    /// One matured post: into the mempool if it is a valid frame.
    func take(_ entry: ForceInboxEntry, from l1: String) async {
        let meta: Logger.Metadata = ["l1": "\(l1)", "sequence": "\(entry.sequence)", "sender": "\(entry.sender.checksummed)"]
        let frame: Frame
        do {
            frame = try Frame(canonicalBytes: entry.frame)
        } catch {
            logger.warning("inbox post is no canonical frame", metadata: meta.merging(["error": "\(error)"]) { $1 })
            return
        }
        do {
            let id = try await validator.addFrame(frame, source: "inbox \(l1) #\(entry.sequence)")
            logger.info("frame taken from the inbox", metadata: meta.merging(["frame": "\(id)"]) { $1 })
        } catch .pool(.duplicate) {
            // Already held (gossiped by another validator, or posted on two L1s): nothing to do.
        } catch {
            logger.warning("inbox frame refused by the frame rules", metadata: meta.merging(["error": "\(error)"]) { $1 })
        }
    }
}
