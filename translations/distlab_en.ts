<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>EventLogModel</name>
    <message>
        <source>nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both ways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grudge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>may miss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>links cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fails the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NodeStatus</name>
    <message>
        <source>dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views</name>
    <message>
        <source>latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reordering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bandwidth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid node id: a lowercase letter, then letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is reserved (all, any, lab, leader, random select nodes); choose another id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a node &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file name ending in .svg or .png.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fault at %1 (%2) names &quot;%3&quot;; change or remove the fault in the lab settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A narrative step waits for &quot;%1&quot;; change or remove the step in the lab settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check &quot;%1&quot; names &quot;%2&quot;; change or remove the check in the lab settings first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::AddLinkCommand</name>
    <message>
        <source>A link joins two existing nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A node cannot be linked to itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every node is linked to every other already (links: full).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 are linked already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::AddNodeCommand</name>
    <message>
        <source>Add node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::CampaignDialog</name>
    <message>
        <source>Running in the simulator...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::ChaosDialog</name>
    <message>
        <source>Kill a node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause a node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open and &amp;Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chaos: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scenario has no check to judge under random faults (checks timed with &quot;after&quot; are left out), so chaos has nothing to look for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs the scenario many times in the simulator, each run under its own random fault schedule, and shrinks the first failure to the smallest schedule that still fails. The scenario&apos;s own faults and narrative are left out. Checks judged: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many runs, each under its own random schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run k uses this seed + k - 1, for the simulation and its schedule: one run with a failing seed repeats that failure exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mean time between two faults, in the scenario&apos;s time; each fault is undone after half to one and a half intervals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall-clock time the runs may take; shrinking comes after it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result shows here when the runs end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the shrunk scenario to a file in the temporary folder, open it in the window and run it in the simulator: the failing check in the Checks panel links to the moment it failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the simulator only: every run is deterministic, so a seed repeats its run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs: %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one kind of fault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shrinking: %v runs (at most %m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run failed: shrinking its schedule...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopped early after %n run(s).</source>
        <translation>
            <numerusform>Stopped early after %n run.</numerusform>
            <numerusform>Stopped early after %n runs.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s): %1 passed, %2 failed</source>
        <translation>
            <numerusform>%n run: %1 passed, %2 failed</numerusform>
            <numerusform>%n runs: %1 passed, %2 failed</numerusform>
        </translation>
    </message>
    <message>
        <source>Failures by check:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>failed in %n run(s)</source>
        <translation>
            <numerusform>failed in %n run</numerusform>
            <numerusform>failed in %n runs</numerusform>
        </translation>
    </message>
    <message>
        <source>Failing seeds:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Shrunk: with seed %1, %2 fails under %n fault(s) (of %3 in its random schedule):</source>
        <translation>
            <numerusform>Shrunk: with seed %1, %2 fails under %n fault (of %3 in its random schedule):</numerusform>
            <numerusform>Shrunk: with seed %1, %2 fails under %n faults (of %3 in its random schedule):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Minimal: removing any one of these faults makes the check pass (%n shrinking run(s)).</source>
        <translation>
            <numerusform>Minimal: removing any one of these faults makes the check pass (%n shrinking run).</numerusform>
            <numerusform>Minimal: removing any one of these faults makes the check pass (%n shrinking runs).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not minimal: the shrinking budget ran out (%n run(s)).</source>
        <translation>
            <numerusform>Not minimal: the shrinking budget ran out (%n run).</numerusform>
            <numerusform>Not minimal: the shrinking budget ran out (%n runs).</numerusform>
        </translation>
    </message>
    <message>
        <source>No schedule broke a check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chaos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader cut off with a minority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server deaf to the leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crash the leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crash and restart at once</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::ChecksPanel</name>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to move the timeline to where %1 looked (%2 s to %3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the nodes %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s)</source>
        <translation>
            <numerusform>%n operation</numerusform>
            <numerusform>%n operations</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to highlight %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to select %1 (the Log and State follow it) and highlight %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::CompareDialog</name>
    <message>
        <source>In the simulator (fast, deterministic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare Scenarios or Recordings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scenario (.yaml) or a recording (.distlab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario or Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios and recordings (*.yaml *.yml *.distlab);;Scenarios (*.yaml *.yml);;Recordings (*.distlab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs of each scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: choose a scenario (.yaml) or a recording (.distlab).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: scenario %2, run by the comparison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a recording DistLab can read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: recording of %2, seed %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: recording of %2, seed %3, recorded %4 UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both are recordings: nothing runs, so runs, seed and simulator do not apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the recording&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs of each scenario. Several runs show the run-to-run spread: differences within it read &quot;same&quot;. A recording is one run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed of run 1 of both sides (run k uses seed + k - 1). By default each scenario runs under its own seed, or under the recording&apos;s when the other side is a recording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each scenario&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A difference between A and B counts only beyond this share of the larger value (for a percentage: that many points) and, with several runs, beyond their spread; anything less reads &quot;same&quot;. 5 % unless changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise threshold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::EditorController</name>
    <message>
        <source>&amp;Ring...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Star...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full &amp;Mesh...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cluster...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Empty Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lab has changes that are not saved. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Lab As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawing Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role of the nodes the Add Node tool places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select: click a node or a message; drag a line across empty canvas to partition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select: click to edit in the inspector, drag to move, Shift+drag from a node to link, Delete removes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Node: click on empty canvas to place a %1 node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link: drag from one node to another to link them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition: drag a line across the canvas; the nodes on either side are cut apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition: during a run, drag a line across the canvas to cut the network in two.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::EventLogModel</name>
    <message>
        <source>debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>violation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restarted as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>started as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fault %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enters %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enters %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run paused at a narrative step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run paused by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; still running: the timers inside the node processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run resumed after a pause of %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duration reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shutdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by a fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crash</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::ExportActions</name>
    <message>
        <source>Export Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the scenario or open a recording first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Report To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A report is still being written; export again when it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the report...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report written to %1 (report.html, report.pdf, CSV, JSON, trace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comparison failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison written to %1; both sides passed their checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison written to %1; some checks failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file, not a folder: choose a folder or a new folder&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::ForkActions</name>
    <message>
        <source>&amp;Fork Here...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What if: replay this run in the simulator up to the cursor, change one thing there, and run on as a new run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork at %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulator replays %1 up to %2 s, makes this change there and runs on. The new run opens in a window of its own; File &gt; Compare sets the two side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change a parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing: replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One fault as a scenario writes it, e.g. {kill: n2}, {pause: leader}, {partition: [[n1], [n2, n3]], until: 2s}. It fires at the fork.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NODE.KEY=VALUE: the node restarts at the fork with this parameter (its disk kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fork repeats the run: a check that the simulator reproduces it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1: %2 → %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fork: deliver this now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fork: drop this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the run, or open a recording, to fork it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new run from %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fork is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the run, or open a recording, to fork it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forking %1 at %2 s...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fork did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parent ran on real processes; the fork replays it in the simulator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The replay differs from the recording before the fork: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The replay equals the recording up to the fork (%n event(s)).</source>
        <translation>
            <numerusform>The replay equals the recording up to the fork (%n event).</numerusform>
            <numerusform>The replay equals the recording up to the fork (%n events).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>distlab::views::HandFaults</name>
    <message>
        <source>&amp;Heal All Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heal every partition and link fault, resume paused nodes (Ctrl+H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Killed %1 (SIGKILL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarting %1 with its data directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused %1 (SIGSTOP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock of %1: %2 ms offset, %3 ppm drift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the link %1 – %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the link %1 – %2 both ways.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the link from %1 to %2 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding messages from %1 to %2: deliver or drop them in Held Messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer holding messages from %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitioned {%1} from {%2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Healed every partition and link fault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill (SIGKILL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause (SIGSTOP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Isolate from Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock Skew...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a run to inject faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut Both Ways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut %1 → %2 Only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop Holding %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold Messages %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency, Loss, Duplication...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag across the canvas to partition it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1 – %2: +%3 ms ± %4 ms, %5% loss, %6% duplicated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ppm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate error: 1000 ppm gains 1 ms every second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deliver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;rop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding message %1 from %2 to %3: deliver or drop it in Held Messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3 is held already: deliver or drop it in Held Messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3 was already delivered: only a message on its way can be held.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3 was dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a message of the live run can be held.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold This Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::HeldMessagesModel</name>
    <message>
        <source>Held at (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::Inspector</name>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a node or a link on the canvas to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node&apos;s id: a lowercase letter, then letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node ids, comma separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a duration (150ms, 2s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1 ↔ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty fields take the network&apos;s defaults (preset %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jitter (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reordering (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth (bytes/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the network default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[min, max], e.g. [150ms, 300ms]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One fault, as in the scenario file&apos;s faults list. For example:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One narrative step: when it shows (at a time, or when a node reaches a phase), what it says, and whether step mode pauses there. For example:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One check: its name, then its arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole lab&apos;s settings. Select a node or a link on the canvas to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lab&apos;s name in files and reports: lowercase letters, digits and &apos;-&apos;. Saving to a new file names the lab after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title in English.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title in Chinese.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a run lasts, with its unit: 30s, 1500ms, 2m.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed of every random choice: the same seed, the same simulated run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The links&apos; latency, jitter, loss and bandwidth unless a link sets its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Narrative steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put nodes on the canvas first: the checks offered are those that apply to their roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The checks that apply to the roles on the canvas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checks: a run of this lab is not judged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scheduled faults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No narrative steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no lab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check %1 does not apply to the roles on the canvas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a Fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a Narrative Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Narrative Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplication (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected a percentage, e.g. 50 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON list of strings, e.g. [&quot;./my-node&quot;, &quot;--verbose&quot;]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::LabDocument</name>
    <message>
        <source>New lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lab is not a valid scenario yet, so it was not saved:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate between 2 and %1 nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>star</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mesh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a %1 of %2 %3 nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lab&apos;s name is lowercase letters, digits and &apos;-&apos; (leader-failover), got &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename the lab to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lab needs a title, in English or in Chinese.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the lab&apos;s title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the duration with its unit: 30s, 1500ms or 2m.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The duration must be longer than 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the duration to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed must not be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed is a whole number (0 or more), got &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the seed to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no network preset &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the %1 network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>narrative step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no %1 number %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::LabSession</name>
    <message>
        <source>A run is in progress; stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording has a problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::LibraryPage</name>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;DistLab scenario library&lt;/h2&gt;Every pattern of the catalog as a runnable lab. Pick one to open it, or start from an empty lab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New empty lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent files&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scenario selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a scenario on the left. Each one runs real node processes over loopback sockets (or the deterministic simulator) and checks what happened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search scenarios (title, summary, file name; English or Chinese)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::LogPanel</name>
    <message>
        <source>All nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::MainWindow</name>
    <message>
        <source>DistLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a scenario to begin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Scenario...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a scenario file (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the scenario (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run (Shift+F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;imulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run in the deterministic simulator instead of on real node processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: press F5 to run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running in the simulator...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running on real processes...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lab failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Run finished: all %n check(s) passed.</source>
        <translation>
            <numerusform>Run finished: the check passed.</numerusform>
            <numerusform>Run finished: all %n checks passed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Run finished: some checks failed (see Checks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause or continue the run (F6). A simulation stops its clock; a real run freezes its node processes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rest&amp;art</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run and start it again from the beginning (Ctrl+F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause at every narrative step marked pause (F7); F6 continues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario &amp;Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every shipped scenario, by family (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Report...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the report of the run shown (HTML, PDF, CSV, JSON, trace) to a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Past Runs...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording is switched off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time DistLab starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run before opening a recording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the recording...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Playback of %1: %n event(s); drag the timeline or press Ctrl+Space to play.</source>
        <translation>
            <numerusform>Playback of %1: %n event; drag the timeline or press Ctrl+Space to play.</numerusform>
            <numerusform>Playback of %1: %n events; drag the timeline or press Ctrl+Space to play.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1[*] - DistLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live metrics for Prometheus could not be served: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live metrics of the run in Prometheus text format: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run the lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Topology...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the Topology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Message Diagram...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the Message Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare two scenarios (run under the same seeds) or two recordings in a side-by-side report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Scenario or a Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios and recordings (*.yaml *.yml *.distlab);;Scenarios (*.yaml *.yml);;Recordings (*.distlab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started: a field holds a value that was not applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run would not use what these fields show, so it was not started:
%1

Correct the value, or select something else to discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run stopped at %1 s: not judged; checks past that read &quot;not reached&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run finished: not judged (the lab has no checks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: the run&apos;s clock, faults and narrative wait. Press F6 to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused (F6 continues): the run&apos;s clock, faults and narrative wait; timers inside the node processes still run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no scenarios installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About DistLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About DistLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;DistLab&lt;/h3&gt;&lt;p&gt;Version %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;A lab for distributed-system design patterns: every pattern runs as real node processes over loopback sockets, or in a deterministic simulator; faults are injected live, runs are recorded, checked and reported.&lt;/p&gt;&lt;p&gt;Built with Qt %1, running on Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chaos...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the lab many times in the simulator under random fault schedules and shrink the first failure to a scenario to replay (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chaos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is in progress: stop it, then open the shrunk scenario.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to &amp;Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole topology, and follow the window&apos;s size again (Ctrl+0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High Contrast Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour-Blind Safe Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run My &amp;Node...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a program of yours that speaks Maelstrom&apos;s protocol under one of Maelstrom&apos;s workloads, as distlab-cli maelstrom test does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run My Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is in progress: stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with the &amp;Parent Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fork in playback beside the run it was forked from, in a side-by-side report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run your node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback: %1 (a fork of %2 at %3 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Waiting for %n remote node(s) on %1</source>
        <translation>
            <numerusform>Waiting for %n remote node on %1</numerusform>
            <numerusform>Waiting for %n remote nodes on %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to copy the command that starts a node on another machine:
%1
for ID in: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fork opened in a new window. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stress...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drive the lab&apos;s clients open loop at a rising rate in the simulator until it saturates, and open the report: throughput and latency against the offered load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report is in %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::MetricsView</name>
    <message>
        <source>Throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations completed ok per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency of ok operations, invocation to completion: median and 99th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations failed, and timed out (outcome unknown), per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent, delivered and dropped per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gauges, counters and samples the roles report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role metric to plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whose metrics: every node, the node selected in any view, or one node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (gauge)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (mean)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok ops/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ops/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No role has reported a metric yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has reported no metric yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 at %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all nodes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::MoveNodesCommand</name>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1 nodes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::NarrativeBar</name>
    <message>
        <source>Step %1 of %2 · %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 · %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: press F6 to continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::PastRunsDialog</name>
    <message>
        <source>Past Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s) in %1, %2 in all. The oldest are removed when the folder outgrows its cap.</source>
        <translation>
            <numerusform>%n recording in %1, %2 in all. The oldest are removed when the folder outgrows its cap.</numerusform>
            <numerusform>%n recordings in %1, %2 in all. The oldest are removed when the folder outgrows its cap.</numerusform>
        </translation>
    </message>
    <message>
        <source>Compare...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two runs to compare them side by side</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::PastRunsModel</name>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not judged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped at %1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::PlaybackControls</name>
    <message>
        <source>&amp;Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the newest moment of the run (End)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the run from the cursor at the chosen speed (Ctrl+Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next &amp;Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Event of the Selected &amp;Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next &amp;Fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How fast Play moves the cursor, against the run&apos;s own time; the simulation in progress runs at this speed too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How fast Play moves the cursor, against the run&apos;s own time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulation speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How fast the simulation runs against the scenario&apos;s time (1/10×: slow motion); Play uses it too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real processes run at the scenario&apos;s own pace. The speed applies to playback: drag the timeline back, or wait for the end of the run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real processes run at the scenario&apos;s own pace. The speed applies to simulated runs (Simulate) and to playback.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::Presentation</name>
    <message>
        <source>&amp;Presentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen for a projector: the canvas, the narrative and one view, large (F11; Esc leaves). Keys: 1-9 choose the view, Space the next step, arrows move the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: leave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: next narrative step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: cursor back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: cursor on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: to the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: the canvas alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentation: view %1 beside the canvas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftHistory</name>
    <message>
        <source>follower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftLanes</name>
    <message>
        <source>No Raft nodes in this run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>term %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, term %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n election(s) in the run</source>
        <translation>
            <numerusform>%n election in the run</numerusform>
            <numerusform>%n elections in the run</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftLogModel</name>
    <message>
        <source>%1: entries up to %2 are compacted into a snapshot (last term %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · index %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>term %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snapshot ≤ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log index %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no state yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead (was %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, term %3
commit %4, applied %5, last index %6, snapshot ≤ %7</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftView</name>
    <message>
        <source>dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>election</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nextIndex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matchIndex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;bold&lt;/b&gt;: committed, dashed: not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Raft nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No leader · term %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader %1 · term %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No leader at this time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader %1, term %2: its followers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RecordingLoader</name>
    <message numerus="yes">
        <source>The recording is damaged (%1); showing the %n event(s) before the damage.</source>
        <translation>
            <numerusform>The recording is damaged (%1); showing the %n event before the damage.</numerusform>
            <numerusform>The recording is damaged (%1); showing the %n events before the damage.</numerusform>
        </translation>
    </message>
    <message>
        <source>The recording is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RemoveLinkCommand</name>
    <message>
        <source>There is no link from %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove link %1 - %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RemoveNodesCommand</name>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 nodes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RenameNodeCommand</name>
    <message>
        <source>Rename %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RingView</name>
    <message>
        <source>No ring nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ring yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ring, %1 virtual nodes each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bounded loads (factor %1), %2 virtual nodes each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rendezvous hashing: no ring, the highest score wins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jump consistent hash: no ring, buckets in member order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hash mod N: no ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 nodes · %2 keys · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the placement changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 s: %3 keys change owner (%4 %; the fewest possible %5 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off the ring</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RolePalette</name>
    <message>
        <source>Drag a role onto the canvas to add a node</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::RunMyNodeDialog</name>
    <message>
        <source>Run My Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs a program of yours that speaks Maelstrom&apos;s protocol (JSON lines on stdin and stdout, its log on stderr) as nodes n1, n2, ... under one of Maelstrom&apos;s workloads, as distlab-cli maelstrom test does. Maelstrom&apos;s services lin-kv, seq-kv, lww-kv and lin-tso run beside them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/path/to/my-node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. --verbose &quot;two words&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split as a command line is (quotes group words); the program is started without a shell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Workload:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Nodes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds of workload; the run lasts one more to settle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ops/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations per second over all clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Node Program</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::ScenarioLibraryModel</name>
    <message>
        <source>Communication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resilience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files that do not load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) (%1), %2</source>
        <translation>
            <numerusform>%n node (%1), %2</numerusform>
            <numerusform>%n nodes (%1), %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Checks: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file does not load: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>faults, narrative steps</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n fault(s)</source>
        <translation>
            <numerusform>%n fault</numerusform>
            <numerusform>%n faults</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n narrative step(s)</source>
        <translation>
            <numerusform>%n narrative step</numerusform>
            <numerusform>%n narrative steps</numerusform>
        </translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery and configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduling and load balancing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::SetLinkPropertyCommand</name>
    <message>
        <source>There is no link from %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be between 0 ms and 1 hour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a whole number of bytes per second (0: unlimited).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set %1 of %2 - %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must not be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a probability: between 0 % and 100 %.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::SetParameterCommand</name>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role &quot;%1&quot; is unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role %1 has no parameter &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::ShortcutHelp</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::SpacetimeCanvas</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: click to select this node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 · %3 #%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>op %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from %1 to %2 drawn as one line: click to select the first, zoom in (mouse wheel or +) to see each</source>
        <translation>
            <numerusform>%n message from %1 to %2 drawn as one line: click to select it</numerusform>
            <numerusform>%n messages from %1 to %2 drawn as one line: click to select the first, zoom in (mouse wheel or +) to see each</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many messages to draw one by one: zoom in (mouse wheel or +) to see each message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::SpacetimeWidget</name>
    <message>
        <source>Space-time diagram: one lane per node, one arrow per message from its send to its delivery. Mouse wheel zooms, dragging pans, clicking a message selects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected node only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the messages sent or received by the node selected in any view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message types: the colour of their arrows; uncheck one to hide it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a message to see its body and what happened before and after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 messages · %2 in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 · %3 #%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent: %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by the network: %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropped: %1 s (after %2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate dropped: %1 s (after %2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered: %1 s (after %2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate delivered: %1 s (after %2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In flight at the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held, waiting at the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector clock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Happened before it: %1 messages · after it: %2 · concurrent (dimmed): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Body:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>highlighted by %1: %2 messages, %3 operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wheel or +/− zooms · drag pans · click a line for its message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::StateModel</name>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation>
            <numerusform>{%n field}</numerusform>
            <numerusform>{%n fields}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::StatePanel</name>
    <message>
        <source>Select a node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since Cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highlight the fields that differ from the node&apos;s state at the timeline cursor&apos;s time (move the cursor there first), instead of those its last update changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since %1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::StressDialog</name>
    <message>
        <source>Also the &amp;closed loop, compared at the knee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stress: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drives the clients (%1) open loop in the simulator, step by step from one offered rate to another, until the system saturates: throughput stops following the offered rate or the latency bends. Latency counts from each operation&apos;s intended start, so a stall is not hidden. The scenario&apos;s own faults, narrative and checks are left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to stress: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> /s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first offered rate: operations per second over every client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last offered rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much the offered rate rises from one step to the next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long each step runs, in the scenario&apos;s time; its first fifth is a warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ste&amp;p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hold each step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result shows here when the steps end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the report: throughput and latency against the offered rate, the saturation point, then the knee&apos;s run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps: %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first rate must not be above the last.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopped early after %n step(s).</source>
        <translation>
            <numerusform>Stopped early after %n step.</numerusform>
            <numerusform>Stopped early after %n steps.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saturated at %1 /s: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No saturation up to %1 /s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The knee: %1 /s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offered /s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok /s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>knee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saturated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::TimelineStrip</name>
    <message>
        <source>Click or drag to move the timeline cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%2: %3 s to %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%2: since %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2, %3 s to %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused at a narrative step at %1 s, still paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused by hand at %1 s, still paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused at a narrative step at %1 s for %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused by hand at %1 s for %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (by hand)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::TopologyScene</name>
    <message>
        <source>Delete the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An empty lab.
Drag a role from the palette onto the canvas, or use Edit ▸ Generate.
Shift-drag from one node to another to link them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% duplicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reordered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, on its way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to hold it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, held: deliver or drop it in Held Messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, already delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, dropped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::TxLanes</name>
    <message>
        <source>No transaction participants in this run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::TxView</name>
    <message>
        <source>Locks held in doubt (from the yes vote to the decision):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>then committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>then aborted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still undecided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decided the other way elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The strip under each lane: the participant&apos;s phase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transaction participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 locks in %3 transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in doubt</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) split between commit and abort</source>
        <translation>
            <numerusform>%n transaction split between commit and abort</numerusform>
            <numerusform>%n transactions split between commit and abort</numerusform>
        </translation>
    </message>
    <message>
        <source>Semantic locks held (from a saga&apos;s step to its finish or compensation):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>then finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>then compensated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished here, compensated elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 sagas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::Units</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>distlab::views::WindowDocks</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1 in front; hide it when it is in front already</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
